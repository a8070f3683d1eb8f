package io.livepulse.streaming.features;

import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes a test's input events to the events topics, keyed by room as the collector does. */
final class InputEvents {
    static final String MALFORMED = "not avro at all";

    private InputEvents() {}

    /**
     * Writes {@code events} in order, and with {@code withMalformed} a non-Avro record after every 500th event and one
     * more at the end; waits until every record is acknowledged. Returns how many malformed records it added.
     */
    static int produce(String bootstrapServers, TopicCatalog topics, List<SpecificRecord> events, boolean withMalformed) {
        return produce(bootstrapServers, topics, events, withMalformed, false);
    }

    /**
     * As above; with {@code recordPerBatch} each record is a batch of its own in the log, so that a consumer fetching
     * little at a time can interleave the partitions record by record.
     */
    static int produce(String bootstrapServers, TopicCatalog topics, List<SpecificRecord> events, boolean withMalformed,
            boolean recordPerBatch) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Fresh partitions answer NotLeaderOrFollower for a moment; an idempotent producer's retries can then fail
        // with out-of-order sequence errors and drop input. One request in flight keeps retries safe and in order.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        if (recordPerBatch) {
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 0);
        }
        int malformed = 0;
        var sent = new ArrayList<Future<RecordMetadata>>();
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            int i = 0;
            for (SpecificRecord event : events) {
                String topic = topics.topicFor(EventType.of(event).orElseThrow());
                String room = String.valueOf(((SpecificRecordBase) event).get("roomId"));
                sent.add(producer.send(new ProducerRecord<>(topic, room, AvroCodec.standard().encode(event))));
                if (withMalformed && i++ % 500 == 250) {
                    sent.add(producer.send(new ProducerRecord<>(topic, room, MALFORMED.getBytes(StandardCharsets.UTF_8))));
                    malformed++;
                }
            }
            if (withMalformed) {
                sent.add(producer.send(new ProducerRecord<>(topics.playerEvents(), "r0",
                        MALFORMED.getBytes(StandardCharsets.UTF_8))));
                malformed++;
            }
        }
        // The reference sees every event, so the job's input must hold every event too.
        for (var future : sent) {
            try {
                future.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("an input record was not written: " + e.getMessage(), e);
            }
        }
        return malformed;
    }
}
