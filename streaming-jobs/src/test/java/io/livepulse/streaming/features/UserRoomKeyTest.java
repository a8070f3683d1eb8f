package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class UserRoomKeyTest {
    @Test
    void equalIdsAreEqualKeysAndTheIdsAreNotConfusedAcrossTheBoundary() {
        assertThat(new UserRoomKey("u1", "r1")).isEqualTo(new UserRoomKey("u1", "r1"))
                .hasSameHashCodeAs(new UserRoomKey("u1", "r1"));
        assertThat(new UserRoomKey("u1", "r1")).isNotEqualTo(new UserRoomKey("r1", "u1"));
        assertThat(new UserRoomKey("a/b", "c")).isNotEqualTo(new UserRoomKey("a", "b/c"));
        assertThat(new UserRoomKey(null, "r1")).isEqualTo(new UserRoomKey(null, "r1"))
                .isNotEqualTo(new UserRoomKey("", "r1"));
    }

    @Test
    void keysRoundTripThroughTheSerializerWithTheSameHash() throws IOException {
        var keys = new UserRoomKey[] {new UserRoomKey("观众-7", "r42"), new UserRoomKey(null, null),
                new UserRoomKey("", "r")};
        var out = new DataOutputSerializer(32);
        for (UserRoomKey key : keys) {
            UserRoomKeySerializer.INSTANCE.serialize(key, out);
        }
        var in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (UserRoomKey key : keys) {
            UserRoomKey back = UserRoomKeySerializer.INSTANCE.deserialize(in);
            assertThat(back).isEqualTo(key);
            assertThat(back.hashCode()).isEqualTo(key.hashCode());
        }
        assertThat(in.available()).isZero();
    }
}
