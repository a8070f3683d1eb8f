package io.livepulse.streaming.features;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link UserRoomKey} as two nullable UTF strings (in timers and keyed state snapshots). */
public final class UserRoomKeySerializer extends ImmutableValueSerializer<UserRoomKey> {
    public static final UserRoomKeySerializer INSTANCE = new UserRoomKeySerializer();
    public static final TypeInformation<UserRoomKey> TYPE =
            new SerializerTypeInfo<>(UserRoomKey.class, INSTANCE, true);

    @Override
    public void serialize(UserRoomKey key, DataOutputView out) throws IOException {
        CompactFields.writeNullable(key.userId(), out);
        CompactFields.writeNullable(key.roomId(), out);
    }

    @Override
    public UserRoomKey deserialize(DataInputView in) throws IOException {
        String userId = CompactFields.readNullable(in);
        return new UserRoomKey(userId, CompactFields.readNullable(in));
    }

    @Override
    public TypeSerializerSnapshot<UserRoomKey> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserRoomKey> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
