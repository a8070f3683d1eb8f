package io.livepulse.streaming.features;

import io.livepulse.schemas.AvroCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads what the job wrote: committed Kafka records and finished Parquet files. */
final class Outputs {
    private Outputs() {}

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    static <T extends SpecificRecord> List<T> committed(String bootstrap, String topic, Class<T> type) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        var out = new ArrayList<T>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = settledEndOffsets(consumer, bootstrap, partitions);
            var byPartition = new LinkedHashMap<TopicPartition, List<T>>();
            partitions.forEach(p -> byPartition.put(p, new ArrayList<>()));
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.get(new TopicPartition(topic, record.partition()))
                            .add(AvroCodec.standard().decode(record.value(), type));
                }
            }
            byPartition.values().forEach(out::addAll);
        }
        return out;
    }

    /**
     * The read_committed end offsets once every transaction on the partitions is settled. A committed transaction's
     * markers reach the partitions asynchronously, so right after a job finishes the last stable offset can still
     * lag the high watermark; reading up to it then would miss the last commit.
     */
    private static Map<TopicPartition, Long> settledEndOffsets(KafkaConsumer<byte[], byte[]> committed,
            String bootstrap, List<TopicPartition> partitions) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (var uncommitted = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var highWatermarks = uncommitted.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            var stable = committed.endOffsets(partitions);
            while (!stable.equals(highWatermarks) && System.currentTimeMillis() < deadline) {
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
    }

    /** The last record per key, in the order given (per-key order is kept by keyed partitioning). */
    static <T> Map<String, T> lastByKey(List<T> records, Function<T, String> key) {
        var last = new LinkedHashMap<String, T>();
        records.forEach(r -> last.put(key.apply(r), r));
        return last;
    }

    /** Rows of every committed Parquet file of {@code table} under {@code root}. */
    static <T extends SpecificRecord> List<T> parquet(Path root, String table) {
        var rows = new ArrayList<T>();
        Path dir = root.resolve(table);
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part")
                    && f.getFileName().toString().endsWith(".parquet")).toList()) {
                var input = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
                try (var reader = AvroParquetReader.<T>builder(input).build()) {
                    for (T row = reader.read(); row != null; row = reader.read()) {
                        rows.add(row);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Partition directories ({@code date=.../hour=...}) of a table. */
    static List<String> partitions(Path root, String table) {
        try (Stream<Path> files = Files.walk(root.resolve(table))) {
            return files.filter(f -> f.getFileName().toString().startsWith("part"))
                    .map(f -> root.resolve(table).relativize(f.getParent()).toString()).distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record as field -> value with doubles rounded to 9 significant digits (sums differ in the last bits). */
    static Map<String, Object> canonical(SpecificRecord record) {
        var r = (SpecificRecordBase) record;
        var map = new LinkedHashMap<String, Object>();
        r.getSchema().getFields().forEach(f -> map.put(f.name(), round(r.get(f.pos()))));
        return map;
    }

    private static Object round(Object value) {
        if (value instanceof Double d) {
            return d == 0.0 ? 0.0 : Double.parseDouble(String.format("%.9g", d));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Outputs::round).toList();
        }
        return value == null ? null : value.toString();
    }
}
