package io.livepulse.streaming.sentiment;

import io.livepulse.schemas.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic as a {@code read_committed} consumer sees it, once every transaction on it is settled. */
final class CommittedRecords {
    private CommittedRecords() {}

    static <T extends SpecificRecord> List<T> read(String bootstrap, String topic, Class<T> type) {
        var out = new ArrayList<T>();
        try (var committed = consumer(bootstrap, "read_committed");
                var uncommitted = consumer(bootstrap, "read_uncommitted")) {
            var partitions = committed.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            committed.assign(partitions);
            committed.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = settledEnd(committed, uncommitted, partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> committed.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                for (var record : committed.poll(Duration.ofMillis(200))) {
                    out.add(AvroCodec.standard().decode(record.value(), type));
                }
            }
        }
        return out;
    }

    /**
     * Commit markers reach the partitions asynchronously, so right after the job ends the last stable offset can
     * lag the high watermark; wait until they agree.
     */
    private static Map<TopicPartition, Long> settledEnd(KafkaConsumer<byte[], byte[]> committed,
            KafkaConsumer<byte[], byte[]> uncommitted, List<TopicPartition> partitions) {
        var high = uncommitted.endOffsets(partitions);
        var stable = committed.endOffsets(partitions);
        long deadline = System.currentTimeMillis() + 60_000;
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
