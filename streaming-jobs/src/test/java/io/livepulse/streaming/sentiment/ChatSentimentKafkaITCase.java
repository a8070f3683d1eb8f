package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.streaming.testing.InjectedFailureSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat sentiment job on a real in-process Kafka broker and a real MiniCluster, through its production Kafka
 * source and exactly-once Kafka sinks, read back as a {@code read_committed} consumer. The replay is 8 rooms x 90
 * minutes x 30 messages of held-out waimai_10k reviews (seed 13) with three planted negative bursts; two injected
 * failures restart the job from its checkpoints midway.
 */
class ChatSentimentKafkaITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path SHARED = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));
    static final int ROOMS = 8;
    static final int MINUTES = 90;
    /** Quiet room-hours of the replay allow at most this many false alerts: 1 per 12 room-hours. */
    static final int MAX_FALSE_ALERTS = 1;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void replayedChatThroughKafkaAlertsOnEveryPlantedBurstExactlyOnceDespiteTwoFailures(@TempDir Path dataDir)
            throws Exception {
        var fixture = new PlantedBurstFixture(SHARED);
        var config = config(fixture, dataDir);
        var bursts = List.of(new PlantedBurstFixture.Burst("room-3", 15, 3),
                new PlantedBurstFixture.Burst("room-0", 42, 3), new PlantedBurstFixture.Burst("room-7", 70, 4));
        var lines = fixture.replay(ROOMS, MINUTES, 30, bursts, 13);
        var topics = new TopicCatalog("sentiment-replay.", 2, (short) 1);
        KAFKA.createTopics(topics);
        int malformed = produce(topics.chatEvents(), lines);

        String bootstrap = KAFKA.bootstrapServers();
        String parquet = dataDir.resolve("parquet").toString();
        var env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        var restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restart);
        InjectedFailureSink.FAILED.set(0);
        var failures = new InjectedFailureSink<RoomSentiment>(List.of(PlantedBurstFixture.T0 + 30 * PlantedBurstFixture.MIN,
                PlantedBurstFixture.T0 + 60 * PlantedBurstFixture.MIN), RoomSentiment::getWindowStartMs);
        new ChatSentimentJob(SentimentConnectors.chatSource(bootstrap, topics.chatEvents(), "it-replay", true),
                List.of(SentimentConnectors.roomSentimentKafka(bootstrap, topics.roomSentiment(), "it-replay"),
                        SentimentConnectors.roomSentimentParquet(parquet), failures),
                List.of(SentimentConnectors.alertKafka(bootstrap, topics.sentimentAlerts(), "it-replay")),
                List.of(SentimentConnectors.deadLetterKafka(bootstrap, topics.deadLetter(), "it-replay")), config)
                .execute(env);

        assertThat(InjectedFailureSink.FAILED.get()).isEqualTo(2);
        var roomMinutes = KAFKA.committed(topics.roomSentiment(), RoomSentiment.class);
        assertThat(roomMinutes.stream().map(r -> r.getRoomId() + "@" + r.getWindowStartMs()).distinct().count())
                .as("one record per room-minute, none duplicated").isEqualTo(ROOMS * MINUTES)
                .isEqualTo(roomMinutes.size());
        assertThat(roomMinutes.stream().mapToInt(RoomSentiment::getMessages).sum())
                .as("every chat line counted once; the %d malformed records skipped", malformed)
                .isEqualTo(lines.size());

        var alerts = KAFKA.committed(topics.sentimentAlerts(), SentimentAlert.class);
        assertThat(alerts.stream().map(SentimentAlert::getAlertId).collect(Collectors.toSet())).hasSize(alerts.size());
        for (var b : bursts) {
            assertThat(alerts).as("burst %s", b).anySatisfy(a -> {
                assertThat(a.getRoomId()).isEqualTo(b.roomId());
                assertThat(a.getWindowStartMs()).isBetween(b.startMs(), b.startMs() + PlantedBurstFixture.MIN);
                assertThat(a.getWindowEndMs() - b.startMs()).isLessThanOrEqualTo(2 * PlantedBurstFixture.MIN);
                assertThat(a.getSampleMessages()).isNotEmpty();
                assertThat(a.getNegativeShare()).isGreaterThan(a.getBaselineShare() + config.rule().minLift());
            });
        }
        var falseAlerts = alerts.stream()
                .filter(a -> bursts.stream().noneMatch(b -> b.covers(a.getRoomId(), a.getWindowStartMs())))
                .toList();
        var detectionSeconds = bursts.stream().map(b -> alerts.stream().filter(a -> b.covers(a.getRoomId(),
                a.getWindowStartMs())).mapToLong(a -> (a.getWindowEndMs() - b.startMs()) / 1000).min().orElse(-1))
                .toList();
        System.err.printf("kafka replay: %d lines, %d alerts, %d false alerts in %d room-hours; per burst, seconds"
                + " from burst start to the end of the alerting minute: %s%n", lines.size(), alerts.size(),
                falseAlerts.size(), ROOMS * MINUTES / 60, detectionSeconds);
        assertThat(falseAlerts).as("false alerts in %d room-hours", ROOMS * MINUTES / 60)
                .hasSizeLessThanOrEqualTo(MAX_FALSE_ALERTS);
        assertThat(KAFKA.committed(topics.deadLetter(), DeadLetter.class))
                .as("an in-order replay has no late chat").isEmpty();
        assertThat(dataDir.resolve("parquet/room_sentiment")).isDirectory();
    }

    @Test
    void chatBeyondTheWatermarkBecomesADeadLetterAndChatWithinItIsCounted(@TempDir Path dataDir) throws Exception {
        var fixture = new PlantedBurstFixture(SHARED);
        var config = config(fixture, dataDir);
        var lines = new ArrayList<>(fixture.replay(2, 4, 20, List.of(), 3));
        var last = lines.get(lines.size() - 1);
        // 3 s behind the largest event time: within the 5 s out-of-orderness, so it is counted ...
        var withinBound = new PlantedBurstFixture.Line(last.roomId(), last.eventTimeMs() - 3_000, "迟到三秒但还算数");
        // ... and an hour behind: its minute closed long ago.
        var tooLate = new PlantedBurstFixture.Line("room-1", PlantedBurstFixture.T0 - 3_600_000, "一小时前的消息");
        lines.add(withinBound);
        lines.add(tooLate);
        var topics = new TopicCatalog("sentiment-late.", 2, (short) 1);
        KAFKA.createTopics(topics);
        var rooms = new CollectingSink<RoomSentiment>("late-rooms");
        var env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        // Slow enough that watermarks (every 200 ms) advance before the late line arrives.
        var source = new DataGeneratorSource<>(new ChatSentimentJobITCase.Generator(lines), lines.size(),
                RateLimiterStrategy.perSecond(200), new AvroTypeInfo<>(ChatMessage.class));
        String bootstrap = KAFKA.bootstrapServers();
        new ChatSentimentJob(source, List.of(rooms), List.of(),
                List.of(SentimentConnectors.deadLetterKafka(bootstrap, topics.deadLetter(), "it-late")), config)
                .execute(env);

        var deadLetters = KAFKA.committed(topics.deadLetter(), DeadLetter.class);
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.getSource()).isEqualTo(LateChatDeadLetters.SOURCE);
            assertThat(d.getReason()).contains("room-1").contains("2025-12-31T23:00:00Z")
                    .contains("had closed").contains("PT5S");
            assertThat(d.getField()).isEqualTo("eventTimeMs");
            assertThat(new String(d.getRawPayload().array(), StandardCharsets.UTF_8))
                    .contains("\"eventId\":\"e" + (lines.size() - 1) + "\"").contains("一小时前的消息");
        });
        assertThat(rooms.values().stream().mapToInt(RoomSentiment::getMessages).sum())
                .as("every line but the late one, the 3 s out-of-order line included").isEqualTo(lines.size() - 1);
        assertThat(rooms.values()).noneMatch(r -> r.getWindowStartMs() < PlantedBurstFixture.T0);
    }

    private static SentimentJobConfig config(PlantedBurstFixture fixture, Path dataDir) {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        fixture.registerModel(registry, "zh-test");
        fixture.registerModel(registry, "en-test");
        var d = SentimentJobConfig.defaults(registry.root().toString());
        // Idleness far above the run time: a loaded CI machine must not mark a slow split idle.
        return new SentimentJobConfig(d.registryRoot(), "zh-test", "en-test", d.modelCheckInterval(),
                d.maxOutOfOrderness(), Duration.ofMinutes(30), d.rule(), d.topTerms(), d.sampleMessages(),
                d.roomStateTtl());
    }

    /**
     * Writes the lines as ChatMessage events keyed by room, with malformed records mixed in (bytes that are not
     * Avro, a null value, and a valid Avro record of another type); returns how many malformed records it wrote.
     */
    private static int produce(String topic, List<PlantedBurstFixture.Line> lines) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        // Fresh partitions answer NotLeaderOrFollower for a moment; one request in flight keeps retries in order.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        var generator = new ChatSentimentJobITCase.Generator(lines);
        var notChat = RoomSentiment.newBuilder().setRoomId("room-0").setWindowStartMs(0).setWindowEndMs(60_000)
                .setMessages(1).setNegativeMessages(0).setNegativeShare(0).setMeanScore(0)
                .setTopNegativeTerms(List.of()).build();
        int malformed = 0;
        var sent = new ArrayList<Future<RecordMetadata>>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < lines.size(); i++) {
                var line = lines.get(i);
                sent.add(producer.send(new ProducerRecord<>(topic, line.roomId(),
                        AvroCodec.standard().encode(generator.map((long) i)))));
                if (i % 5_000 == 2_500) {
                    sent.add(producer.send(new ProducerRecord<>(topic, line.roomId(),
                            "not avro at all".getBytes(StandardCharsets.UTF_8))));
                    sent.add(producer.send(new ProducerRecord<>(topic, line.roomId(), (byte[]) null)));
                    sent.add(producer.send(new ProducerRecord<>(topic, line.roomId(),
                            AvroCodec.standard().encode(notChat))));
                    malformed += 3;
                }
            }
        }
        for (var future : sent) {
            try {
                future.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("an input record was not written: " + e.getMessage(), e);
            }
        }
        return malformed;
    }
}
