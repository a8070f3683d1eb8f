package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DecodedSerializerTest {
    @Test
    void decodedEventsAndRejectionsRoundTrip() throws IOException {
        var event = new Decoded(Activity.of(ActivityKind.CHAT, "e1", "u1", "r1", 42), null, null);
        var rejected = Decoded.of("not avro".getBytes(StandardCharsets.UTF_8));
        var empty = Decoded.of(null);
        var out = new DataOutputSerializer(64);
        DecodedSerializer.INSTANCE.serialize(event, out);
        DecodedSerializer.INSTANCE.serialize(rejected, out);
        DecodedSerializer.INSTANCE.serialize(empty, out);

        var in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(DecodedSerializer.INSTANCE.deserialize(in)).isEqualTo(event);
        var back = DecodedSerializer.INSTANCE.deserialize(in);
        assertThat(back.activity()).isNull();
        assertThat(back.rejectReason()).isEqualTo(rejected.rejectReason()).isNotBlank();
        assertThat(back.raw()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
        var emptyBack = DecodedSerializer.INSTANCE.deserialize(in);
        assertThat(emptyBack.rejectReason()).isEqualTo(empty.rejectReason());
        assertThat(emptyBack.raw()).isEmpty();
        assertThat(in.available()).isZero();
    }

    @Test
    void aNegativeRawLengthIsAClearError() {
        var out = new DataOutputSerializer(16);
        assertThatThrownBy(() -> {
            out.writeBoolean(false);
            out.writeByte(0); // null reason
            out.writeInt(-7);
            DecodedSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        }).isInstanceOf(IOException.class).hasMessageContaining("raw length -7");
    }
}
