package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import java.util.Objects;

/**
 * The key of the user-room operators: the two ids as they are, with the hash computed once, instead of a
 * concatenated string built (and hashed) at every keyed exchange and again in the receiving operator.
 */
public final class UserRoomKey {
    private final String userId;
    private final String roomId;
    private final int hash;

    public UserRoomKey(String userId, String roomId) {
        this.userId = userId;
        this.roomId = roomId;
        this.hash = 31 * Objects.hashCode(userId) + Objects.hashCode(roomId);
    }

    public static UserRoomKey of(Activity a) {
        return new UserRoomKey(a.userId(), a.roomId());
    }

    public String userId() {
        return userId;
    }

    public String roomId() {
        return roomId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserRoomKey other && hash == other.hash && Objects.equals(userId, other.userId)
                && Objects.equals(roomId, other.roomId);
    }

    /** Stable across JVMs (it places the key in its key group): from the ids' {@link String#hashCode}. */
    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return userId + "/" + roomId;
    }
}
