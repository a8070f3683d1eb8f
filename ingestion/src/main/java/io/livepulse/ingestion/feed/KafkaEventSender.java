package io.livepulse.ingestion.feed;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces straight to the event topics, bypassing the collector (no validation, no dedup), with the same
 * pseudonymisation of user ids, so that the topics look the same either way. For bulk loads and benchmarks.
 */
public final class KafkaEventSender implements EventSender {
    private final KafkaProducer<String, byte[]> producer;
    private final TopicCatalog topics;
    private final Pseudonymizer pseudonymizer;
    private final String bootstrap;

    public KafkaEventSender(String bootstrapServers, TopicCatalog topics, Pseudonymizer pseudonymizer) {
        this.bootstrap = bootstrapServers;
        this.topics = topics;
        this.pseudonymizer = pseudonymizer;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Outcome send(List<SpecificRecord> batch) throws InterruptedException {
        var futures = new java.util.ArrayList<Future<RecordMetadata>>(batch.size());
        long now = System.currentTimeMillis();
        for (SpecificRecord event : batch) {
            var schema = event.getSchema();
            event.put(schema.getField("userId").pos(),
                    pseudonymizer.pseudonym(String.valueOf(event.get(schema.getField("userId").pos()))));
            event.put(schema.getField("receivedTimeMs").pos(), now);
            var type = EventType.of(event).orElseThrow();
            futures.add(producer.send(new ProducerRecord<>(topics.topicFor(type),
                    String.valueOf(event.get(schema.getField("roomId").pos())), AvroCodec.standard().encode(event))));
        }
        for (var f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka at " + bootstrap + " refused a record: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
        return new Outcome(batch.size(), 0, 0, 0);
    }

    @Override
    public String target() {
        return "kafka " + bootstrap;
    }

    @Override
    public void close() {
        producer.close();
    }
}
