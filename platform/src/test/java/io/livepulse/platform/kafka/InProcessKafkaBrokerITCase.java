package io.livepulse.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.SampleEvents;
import io.livepulse.schemas.SchemaHistory;
import io.livepulse.schemas.Validated.Valid;
import io.livepulse.schemas.event.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real KRaft broker, in this JVM: every event type end to end, old schema versions, and a restart. */
class InProcessKafkaBrokerITCase {
    @TempDir
    Path dataDir;

    @Test
    void everyEventTypeGoesFromJsonThroughTheBrokerAndBackWithEveryFieldEqual() throws Exception {
        try (var broker = InProcessKafkaBroker.start(dataDir, 0)) {
            var catalog = new TopicCatalog("it-" + UUID.randomUUID() + ".", 2, (short) 1);
            try (var admin = admin(broker)) {
                assertThat(catalog.ensureTopics(admin)).hasSize(catalog.topics().size());
                assertThat(catalog.ensureTopics(admin)).isEmpty();
            }
            var sent = new ArrayList<SpecificRecord>();
            try (var producer = producer(broker)) {
                for (SpecificRecord original : new SampleEvents(42).oneOfEach(1_700_000_000_000L)) {
                    byte[] json = EventJson.toJsonString(original).getBytes(StandardCharsets.UTF_8);
                    var parsed = (Valid<SpecificRecord>) EventJson.parse(json);
                    var type = EventType.of(parsed.value()).orElseThrow();
                    producer.send(new ProducerRecord<>(catalog.topicFor(type), "k",
                            AvroCodec.standard().encode(parsed.value()))).get();
                    sent.add(original);
                }
            }

            List<SpecificRecord> received = consume(broker, catalog.eventTopics(), sent.size()).stream()
                    .map(AvroCodec.standard()::decode)
                    .toList();

            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void aRecordWrittenWithAnOlderSchemaIsDecodedByAConsumerOnTheNewest() throws Exception {
        try (var broker = InProcessKafkaBroker.start(dataDir, 0)) {
            String topic = createTopic(broker, "old-chat-" + UUID.randomUUID());
            var v1 = SchemaHistory.standard().versions(ChatMessage.getClassSchema().getFullName()).get(0);
            var old = new GenericData.Record(v1);
            old.put("eventId", "e-old");
            old.put("userId", "u9");
            old.put("roomId", "r9");
            old.put("eventTimeMs", 1_600_000_000_000L);
            old.put("receivedTimeMs", 1_600_000_000_100L);
            old.put("schemaVersion", 1);
            old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "CHAT"));
            old.put("text", "hello from v1");
            try (var producer = producer(broker)) {
                producer.send(new ProducerRecord<>(topic, "r9", AvroCodec.standard().encode(old, v1))).get();
            }

            var decoded = AvroCodec.standard().decode(consume(broker, List.of(topic), 1).get(0), ChatMessage.class);

            assertThat(decoded.getText()).isEqualTo("hello from v1");
            assertThat(decoded.getSchemaVersion()).isEqualTo(1);
            assertThat(decoded.getLanguage()).isNull();
        }
    }

    @Test
    void catalogTopicsStampRecordsWithAppendTimeSoOldEventTimesAreNotExpiredOrCompacted() throws Exception {
        try (var broker = InProcessKafkaBroker.start(dataDir, 0)) {
            var catalog = new TopicCatalog("stamp-" + UUID.randomUUID() + ".", 1, (short) 1);
            try (var admin = admin(broker)) {
                catalog.ensureTopics(admin);
            }
            long yearAgo = System.currentTimeMillis() - Duration.ofDays(365).toMillis();
            long before = System.currentTimeMillis();
            try (var producer = producer(broker)) {
                for (int window = 0; window < 3; window++) {
                    producer.send(new ProducerRecord<>(catalog.roomMetrics(), 0, yearAgo + window, "r1",
                            new byte[] {(byte) window})).get();
                }
            }

            var records = new ArrayList<ConsumerRecord<String, byte[]>>();
            try (var consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(catalog.roomMetrics()));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (records.size() < 3 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            }

            assertThat(records).as("every window of one key is kept").hasSize(3).allSatisfy(r -> {
                assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
                assertThat(r.timestamp()).isGreaterThanOrEqualTo(before);
            });
        }
    }

    @Test
    void recordsSurviveARestartOnTheSameDataDirectory() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        var events = new SampleEvents(3).oneOfEach(1_700_000_000_000L);
        try (var broker = InProcessKafkaBroker.start(dataDir, 0)) {
            createTopic(broker, topic);
            try (var producer = producer(broker)) {
                for (SpecificRecord e : events) {
                    producer.send(new ProducerRecord<>(topic, "k", AvroCodec.standard().encode(e))).get();
                }
            }
        }
        try (var broker = InProcessKafkaBroker.start(dataDir, 0)) {
            var again = consume(broker, List.of(topic), events.size()).stream().map(AvroCodec.standard()::decode).toList();
            assertThat(again).containsExactlyElementsOf(events);
        }
    }

    private static Admin admin(InProcessKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static String createTopic(InProcessKafkaBroker broker, String topic) throws Exception {
        try (var admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static KafkaProducer<String, byte[]> producer(InProcessKafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    private static List<byte[]> consume(InProcessKafkaBroker broker, List<String> topics, int expected) {
        var values = new ArrayList<byte[]>();
        try (var consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).as("records read back").hasSize(expected);
        return values;
    }
}
