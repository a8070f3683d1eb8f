package io.livepulse.ingestion.collector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An idempotent Kafka producer ({@code acks=all}) whose sends fail within {@code timeout} when the broker is
 * unavailable, instead of blocking, so the collector can answer 503.
 */
public final class KafkaEventWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    /**
     * How records are batched and compressed; the benchmark gives its plain producer the same. A request
     * waits up to {@code linger} for its records' batches to fill. A longer linger makes fewer, larger batches
     * when many requests arrive at once (each lz4 batch costs two 64 kB buffers and a broker round of its own)
     * but adds to every request's latency.
     */
    public static Map<String, Object> batching(Duration linger) {
        return Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis(),
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    public KafkaEventWriter(String bootstrapServers, Duration timeout, Duration linger) {
        int timeoutMs = (int) Math.max(2_000, timeout.toMillis());
        var settings = new java.util.HashMap<String, Object>(batching(linger));
        settings.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs / 2,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2 - 10,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends; the future fails if Kafka does not acknowledge in time. */
    public CompletableFuture<RecordMetadata> send(String topic, String key, byte[] value) {
        var future = new CompletableFuture<RecordMetadata>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    future.completeExceptionally(error);
                } else {
                    future.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /**
     * Sends; {@code done} is called once, by the producer's I/O thread when Kafka acknowledged or failed the
     * write. Returns false, without calling {@code done}, when the producer refused the record at once.
     */
    boolean send(String topic, String key, byte[] value, org.apache.kafka.clients.producer.Callback done) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value), done);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
