package io.livepulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.schemas.event.Gift;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    private final AvroCodec codec = AvroCodec.standard();

    @Test
    void everyEventTypeSurvivesEncodeAndDecode() {
        for (SpecificRecord event : new SampleEvents(7).oneOfEach(1_700_000_000_000L)) {
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void generatedEncodersWriteTheSameBytesAsTheGenericWriter() {
        var samples = new SampleEvents(9);
        for (int round = 0; round < 50; round++) {
            for (EventType type : EventType.values()) {
                var event = samples.next(type, 1_700_000_000_000L + round);
                assertThat(AvroCodec.standard().encode(event)).as(type.name())
                        .isEqualTo(AvroCodec.standard().encode(event, event.getSchema()));
            }
        }
    }

    @Test
    void theReusedBufferGivesEachRecordExactlyItsOwnBytes() {
        var samples = new SampleEvents(11);
        var huge = (io.livepulse.schemas.event.ChatMessage) samples.next(EventType.CHAT, 1_700_000_000_000L);
        huge.setText("x".repeat(200_000));
        var small = samples.next(EventType.LIKE, 1_700_000_000_001L);
        byte[] smallAlone = codec.encode(small);
        assertThat(codec.decode(codec.encode(huge))).isEqualTo(huge);
        assertThat(codec.encode(small)).isEqualTo(smallAlone);
        assertThat(codec.decode(codec.encode(small))).isEqualTo(small);
        assertThat(codec.decode(codec.encode(huge))).isEqualTo(huge);
    }

    @Test
    void headerIsSingleObjectEncodingWithTheWriterFingerprint() {
        var event = new SampleEvents(1).next(EventType.GIFT, 0);
        byte[] bytes = codec.encode(event);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaHistory.fingerprintOf(Gift.getClassSchema()));
    }

    @Test
    void rejectsBytesWithoutTheHeader() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"gift\"}".getBytes()))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageContaining("expected header C3 01");
    }

    @Test
    void rejectsAnUnknownFingerprint() {
        byte[] bytes = codec.encode(new SampleEvents(1).next(EventType.LIKE, 0));
        bytes[5] ^= 0x5A;
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    @Test
    void rejectsATruncatedBody() {
        byte[] bytes = codec.encode(new SampleEvents(1).next(EventType.ORDER, 0));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 8);
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageContaining("does not match schema");
    }

    @Test
    void decodeWithTypeRefusesAnotherType() {
        byte[] bytes = codec.encode(new SampleEvents(1).next(EventType.LIKE, 0));
        assertThatThrownBy(() -> codec.decode(bytes, Gift.class)).hasMessageContaining("expected Gift but the record is Like");
    }
}
