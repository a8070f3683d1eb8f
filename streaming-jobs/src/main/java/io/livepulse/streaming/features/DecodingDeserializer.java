package io.livepulse.streaming.features;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes Kafka record values in the source ({@link Decoded#of}); never throws on bad bytes. */
public final class DecodingDeserializer implements KafkaRecordDeserializationSchema<Decoded> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded> out) {
        out.collect(Decoded.of(record.value()));
    }

    @Override
    public TypeInformation<Decoded> getProducedType() {
        return DecodedSerializer.TYPE;
    }
}
