package io.livepulse.streaming.sentiment;

import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.AvroCodecException;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.streaming.features.KeyedAvroRecords;
import io.livepulse.streaming.features.ParquetTables;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The production endpoints of {@link ChatSentimentJob}: chat events from Kafka, room sentiment and alerts to
 * Kafka (Avro single-object encoding, keyed by room) and to Parquet under
 * {@code <parquetRoot>/<table>/date=YYYY-MM-DD/hour=HH/} by the minute's event time.
 */
public final class SentimentConnectors {
    private SentimentConnectors() {}

    /** Chat events from {@code topic}; records that do not decode as a ChatMessage are skipped. */
    public static KafkaSource<ChatMessage> chatSource(String bootstrapServers, String topic, String groupId) {
        return KafkaSource.<ChatMessage>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ChatDeserializer())
                .build();
    }

    /**
     * Decodes chat events. The collector validated and dead-lettered bad input before it reached this topic, so a
     * record that still does not decode as a ChatMessage is skipped and counted ({@code undecodableChatRecords}).
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

    public static Sink<RoomSentiment> roomSentimentKafka(String bootstrapServers, String topic) {
        return kafka(bootstrapServers, topic, RoomSentiment::getRoomId);
    }

    public static Sink<SentimentAlert> alertKafka(String bootstrapServers, String topic) {
        return kafka(bootstrapServers, topic, SentimentAlert::getRoomId);
    }

    public static Sink<RoomSentiment> roomSentimentParquet(String parquetRoot) {
        return ParquetTables.table(Path.of(parquetRoot), "room_sentiment", RoomSentiment.class,
                RoomSentiment::getWindowStartMs);
    }

    public static Sink<SentimentAlert> alertParquet(String parquetRoot) {
        return ParquetTables.table(Path.of(parquetRoot), "sentiment_alerts", SentimentAlert.class,
                SentimentAlert::getWindowStartMs);
    }

    private interface Key<T> extends java.io.Serializable {
        String of(T t);
    }

    private static <T extends SpecificRecord> Sink<T> kafka(String bootstrapServers, String topic, Key<T> key) {
        // A named serializer: Flink's lineage cannot infer the record type of lambda serialization schemas.
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new KeyedAvroRecords<T>(topic, key::of))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
