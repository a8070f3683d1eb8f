package io.livepulse.streaming.features;

import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;

/**
 * The production endpoints: the events topics as a source decoding in the reader, and exactly-once (transactional)
 * sinks to the compacted feature topics and the dead-letter topic, keyed as {@link TopicCatalog} documents.
 */
public final class KafkaEndpoints {
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

    private final String bootstrapServers;
    private final TopicCatalog topics;
    private final String transactionalIdPrefix;
    private final DeliveryGuarantee guarantee;

    public KafkaEndpoints(String bootstrapServers, TopicCatalog topics, String transactionalIdPrefix) {
        this(bootstrapServers, topics, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE);
    }

    /**
     * @param guarantee {@code EXACTLY_ONCE} in production; {@code AT_LEAST_ONCE} only to measure what the
     *     transactions cost (benchmarks)
     */
    public KafkaEndpoints(String bootstrapServers, TopicCatalog topics, String transactionalIdPrefix,
            DeliveryGuarantee guarantee) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.guarantee = guarantee;
    }

    /**
     * Every event topic, from the committed offsets of {@code groupId} (earliest the first time).
     *
     * @param bounded stop at the offsets that are latest when the job starts (tests, benchmarks)
     */
    public KafkaSource<Decoded> events(String groupId, boolean bounded) {
        return events(groupId, bounded, new DecodingDeserializer(), new Properties());
    }

    /**
     * As {@link #events(String, boolean)} with another decoder and more consumer properties: tests wrap
     * {@link DecodingDeserializer} to pace the source and fetch little at a time, so that checkpoints and watermarks
     * advance all along a small input.
     */
    public KafkaSource<Decoded> events(String groupId, boolean bounded,
            KafkaRecordDeserializationSchema<Decoded> decoder, Properties consumerProperties) {
        var builder = KafkaSource.<Decoded>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topics.eventTopics())
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(decoder)
                .setProperty("isolation.level", "read_committed")
                .setProperties(consumerProperties);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Online features and dead letters to Kafka, exactly once unless built otherwise. */
    public FeatureSinks sinks() {
        return new FeatureSinks(
                List.of(sink(topics.userRoomFeatures(), "user-room",
                        (UserRoomFeatures f) -> f.getUserId() + "/" + f.getRoomId())),
                List.of(sink(topics.roomMetrics(), "room", RoomMetrics::getRoomId)),
                List.of(sink(topics.modelFits(), "fits", (ModelFit f) -> f.getModel().name() + "/" + f.getScope())),
                List.of(),
                List.of(sink(topics.deadLetter(), "deadletter", (DeadLetter d) -> d.getSource())));
    }

    /** A serializable key function. */
    public interface KeyOf<T> extends java.io.Serializable {
        String key(T record);
    }

    private <T extends SpecificRecord> KafkaSink<T> sink(String topic, String name, KeyOf<T> keyOf) {
        var props = new Properties();
        props.setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(props)
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(transactionalIdPrefix + "-" + name)
                // Pooling lists the open transactions on recovery instead of probing ids, and reuses a bounded set.
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                .setRecordSerializer(new KeyedAvroRecords<>(topic, keyOf))
                .build();
    }
}
