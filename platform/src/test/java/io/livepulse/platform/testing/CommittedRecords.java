package io.livepulse.platform.testing;

import io.livepulse.schemas.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics as a {@code read_committed} consumer sees them once every transaction on them is settled: the whole
 * content up to the settled end, not "until the topic has been quiet for a while".
 */
public final class CommittedRecords {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private CommittedRecords() {}

    /** Every committed record of {@code topic} as {@code type}, partition by partition in offset order. */
    public static <T extends SpecificRecord> List<T> read(String bootstrap, String topic, Class<T> type) {
        return read(bootstrap, List.of(topic), bytes -> AvroCodec.standard().decode(bytes, type));
    }

    /** Every committed record of the topics, decoded by its own schema, topic by topic and partition by partition. */
    public static List<SpecificRecord> readAll(String bootstrap, List<String> topics) {
        return read(bootstrap, topics, bytes -> AvroCodec.standard().decode(bytes));
    }

    /** The last record per key, in the order given (per-key order is kept by keyed partitioning). */
    public static <T> Map<String, T> lastByKey(List<T> records, Function<T, String> key) {
        var last = new LinkedHashMap<String, T>();
        records.forEach(r -> last.put(key.apply(r), r));
        return last;
    }

    private static <T> List<T> read(String bootstrap, List<String> topics, Function<byte[], T> decode) {
        try (var committed = consumer(bootstrap, "read_committed");
                var uncommitted = consumer(bootstrap, "read_uncommitted")) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : topics) {
                committed.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            committed.assign(partitions);
            committed.seekToBeginning(partitions);
            var end = settledEnd(committed, uncommitted, partitions);
            var byPartition = new LinkedHashMap<TopicPartition, List<T>>();
            partitions.forEach(p -> byPartition.put(p, new ArrayList<>()));
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (partitions.stream().anyMatch(p -> committed.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                for (var record : committed.poll(Duration.ofMillis(200))) {
                    byPartition.get(new TopicPartition(record.topic(), record.partition())).add(decode.apply(record.value()));
                }
            }
            var out = new ArrayList<T>();
            byPartition.values().forEach(out::addAll);
            return out;
        }
    }

    /**
     * Commit markers reach the partitions asynchronously, so right after a transactional writer ends the last stable
     * offset can lag the high watermark; reading up to it then would miss the last commit. Wait until they agree.
     */
    private static Map<TopicPartition, Long> settledEnd(KafkaConsumer<byte[], byte[]> committed,
            KafkaConsumer<byte[], byte[]> uncommitted, List<TopicPartition> partitions) {
        var high = uncommitted.endOffsets(partitions);
        var stable = committed.endOffsets(partitions);
        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (!stable.equals(high) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            stable = committed.endOffsets(partitions);
        }
        return stable;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
