package io.livepulse.streaming.sentiment;

import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.AvroCodecException;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.streaming.features.KafkaEndpoints;
import io.livepulse.streaming.features.KeyedAvroRecords;
import io.livepulse.streaming.features.ParquetTables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The production endpoints of {@link ChatSentimentJob}: committed chat events from Kafka; room sentiment, alerts
 * and dead letters to Kafka exactly once (Avro single-object encoding, keyed by room or source) and to Parquet under
 * {@code <parquetRoot>/<table>/date=YYYY-MM-DD/hour=HH/} by the minute's event time.
 */
public final class SentimentConnectors {
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

    private SentimentConnectors() {}

    /**
     * Committed chat events from {@code topic}, from the committed offsets of {@code groupId} (earliest the first
     * time); records that do not decode as a ChatMessage are skipped and counted.
     *
     * @param bounded stop at the offsets that are latest when the job starts (tests, replays)
     */
    public static KafkaSource<ChatMessage> chatSource(String bootstrapServers, String topic, String groupId,
            boolean bounded) {
        var builder = KafkaSource.<ChatMessage>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ChatDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Decodes chat events. The collector validated and dead-lettered bad input before it reached this topic, and the
     * feature job, which reads the same topic, dead-letters any record that still does not decode; here such a record
     * is skipped and counted ({@code undecodableChatRecords}) so that it is not dead-lettered twice. Never throws.
     */
    static final class ChatDeserializer implements KafkaRecordDeserializationSchema<ChatMessage> {
        private transient Counter undecodable;

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            undecodable = context.getMetricGroup().counter("undecodableChatRecords");
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ChatMessage> out) {
            SpecificRecord decoded = null;
            if (record.value() != null) {
                try {
                    decoded = AvroCodec.standard().decode(record.value());
                } catch (AvroCodecException e) {
                    decoded = null;
                }
            }
            if (decoded instanceof ChatMessage m) {
                out.collect(m);
            } else if (undecodable != null) {
                undecodable.inc();
            }
        }

        @Override
        public TypeInformation<ChatMessage> getProducedType() {
            return new AvroTypeInfo<>(ChatMessage.class);
        }
    }

    /** Room-minute sentiment, exactly once (Kafka transactions committed on checkpoints), keyed by room. */
    public static Sink<RoomSentiment> roomSentimentKafka(String bootstrapServers, String topic,
            String transactionalIdPrefix) {
        return kafka(bootstrapServers, topic, transactionalIdPrefix + "-room-sentiment", RoomSentiment::getRoomId);
    }

    /** Alerts, exactly once, keyed by room. */
    public static Sink<SentimentAlert> alertKafka(String bootstrapServers, String topic, String transactionalIdPrefix) {
        return kafka(bootstrapServers, topic, transactionalIdPrefix + "-alerts", SentimentAlert::getRoomId);
    }

    /** Dead letters (late chat), exactly once, keyed by their source. */
    public static Sink<DeadLetter> deadLetterKafka(String bootstrapServers, String topic,
            String transactionalIdPrefix) {
        return kafka(bootstrapServers, topic, transactionalIdPrefix + "-deadletter", DeadLetter::getSource);
    }

    public static Sink<RoomSentiment> roomSentimentParquet(String parquetRoot) {
        return ParquetTables.table(Path.of(parquetRoot), "room_sentiment", RoomSentiment.class,
                RoomSentiment::getWindowStartMs);
    }

    public static Sink<SentimentAlert> alertParquet(String parquetRoot) {
        return ParquetTables.table(Path.of(parquetRoot), "sentiment_alerts", SentimentAlert.class,
                SentimentAlert::getWindowStartMs);
    }

    private static <T extends SpecificRecord> Sink<T> kafka(String bootstrapServers, String topic,
            String transactionalIdPrefix, KafkaEndpoints.KeyOf<T> key) {
        var props = new Properties();
        props.setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
        // A named serializer: Flink's lineage cannot infer the record type of lambda serialization schemas.
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(props)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                // Pooling lists the open transactions on recovery instead of probing ids, and reuses a bounded set.
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                .setRecordSerializer(new KeyedAvroRecords<T>(topic, key))
                .build();
    }
}
