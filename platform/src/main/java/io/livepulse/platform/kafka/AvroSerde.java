package io.livepulse.platform.kafka;

import io.livepulse.schemas.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka (de)serializers for LivePulse records, over {@link AvroCodec}. */
public final class AvroSerde {
    private AvroSerde() {}

    public static final class RecordSerializer implements Serializer<SpecificRecord> {
        @Override
        public byte[] serialize(String topic, SpecificRecord data) {
            return data == null ? null : AvroCodec.standard().encode(data);
        }
    }

    /** Throws {@link io.livepulse.schemas.AvroCodecException} on bytes that are not a LivePulse record. */
    public static final class RecordDeserializer implements Deserializer<SpecificRecord> {
        @Override
        public SpecificRecord deserialize(String topic, byte[] data) {
            return data == null ? null : AvroCodec.standard().decode(data);
        }
    }
}
