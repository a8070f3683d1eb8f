package io.livepulse.serving.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes tombstones (null values) to a compacted topic for every key of one user: the topic is read to its end
 * (committed records only) to find the keys that start with the user's prefix and whose last value is not already a
 * tombstone. Compaction then removes the older records of those keys (after the topic's {@code
 * min.compaction.lag.ms}), and then the tombstones themselves (after {@code delete.retention.ms}).
 */
final class FeatureTopicErasure {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    FeatureTopicErasure(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Tombstones every live key of {@code topic} that starts with {@code keyPrefix}; returns how many. */
    int tombstone(String topic, String keyPrefix) {
        List<String> keys = liveKeys(topic, keyPrefix);
        if (keys.isEmpty()) {
            return 0;
        }
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "livepulse-erasure");
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            var sent = new ArrayList<Future<RecordMetadata>>();
            for (String key : keys) {
                sent.add(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), null)));
            }
            producer.flush();
            for (var f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing tombstones to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot write tombstones to " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        return keys.size();
    }

    /** Keys of {@code topic} starting with {@code keyPrefix} whose last committed value is not null. */
    List<String> liveKeys(String topic, String keyPrefix) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "livepulse-erasure-reader");
        byte[] prefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
        var live = new HashMap<String, Boolean>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, READ_TIMEOUT) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && startsWith(r.key(), prefix)) {
                        live.put(new String(r.key(), StandardCharsets.UTF_8), r.value() != null);
                    }
                }
            }
        }
        return live.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        if (value.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (value[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
