package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.features.FeatureParams;
import io.livepulse.models.features.FeatureReference;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.CommittedRecords;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import io.livepulse.streaming.StreamingConfig;
import io.livepulse.streaming.testing.InjectedFailureSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The feature job on a real in-process Kafka broker and a real MiniCluster, against the plain-Java reference. */
class FeatureJobITCase {
    private static final FeatureParams PARAMS =
            new FeatureParams(Duration.ofSeconds(60), 1000, Duration.ofSeconds(60), Duration.ofSeconds(30));
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void outputsOnAShuffledLogWithMalformedRecordsEqualTheReference(@TempDir Path dataDir) throws Exception {
        var fixture = new EventLogFixture(11);
        List<SpecificRecord> log = fixture.log(4, 30, 40);
        var topics = topics("shuffled.");
        int malformed = produce(topics, fixture.shuffledWithin(log, OUT_OF_ORDERNESS.toMillis()), true);
        var config = config(dataDir, topics, Duration.ofSeconds(30));
        var kafka = new KafkaEndpoints(KAFKA.bootstrapServers(), topics, "it-shuffled");

        new FeatureJob(kafka.events("it-shuffled", true), kafka.sinks().and(ParquetTables.sinks(config.parquetDir())),
                config).execute(env(2));

        var expected = FeatureReference.compute(EventLogFixture.activities(log), PARAMS);
        assertKafkaOutputsEqual(topics, expected);
        assertParquetEquals(config.parquetDir(), expected);
        var deadLetters = KAFKA.committed(topics.deadLetter(), DeadLetter.class);
        assertThat(deadLetters).hasSize(malformed).allSatisfy(d -> {
            assertThat(d.getSource()).isEqualTo(DeadLetterRouter.SOURCE);
            assertThat(d.getReason()).isNotBlank();
        });
        assertThat(deadLetters).extracting(d -> new String(d.getRawPayload().array(), StandardCharsets.UTF_8))
                .contains("not avro at all");
    }

    @Test
    void exactlyOnceUnderThreeInjectedFailures(@TempDir Path dataDir) throws Exception {
        var fixture = new EventLogFixture(23);
        List<SpecificRecord> log = fixture.log(3, 25, 30);
        var encoded = fixture.shuffledWithin(log, OUT_OF_ORDERNESS.toMillis()).stream()
                .map(r -> AvroCodec.standard().encode(r)).toList();
        var topics = topics("failures.");
        KAFKA.createTopics(topics);
        var config = config(dataDir, topics, Duration.ofSeconds(30));
        var kafka = new KafkaEndpoints(KAFKA.bootstrapServers(), topics, "it-failures");
        InjectedFailureSink.FAILED.set(0);
        var failing = new FeatureSinks(List.of(), List.of(new InjectedFailureSink<RoomMetrics>(List.of(EventLogFixture.T0 + 8 * 60_000L,
                EventLogFixture.T0 + 16 * 60_000L, EventLogFixture.T0 + 24 * 60_000L), RoomMetrics::getWindowStartMs)), List.of(), List.of(), List.of());
        var env = env(1);
        var restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restart);

        new FeatureJob(EncodedEventsSource.of(encoded, RateLimiterStrategy.perSecond(300)),
                kafka.sinks().and(ParquetTables.sinks(config.parquetDir())).and(failing), config).execute(env);

        assertThat(InjectedFailureSink.FAILED.get()).isEqualTo(3);
        var expected = FeatureReference.compute(EventLogFixture.activities(log), PARAMS);
        assertKafkaOutputsEqual(topics, expected);
        assertParquetEquals(config.parquetDir(), expected);
    }

    @Test
    void lateEventsWithinTheBoundAmendAndLaterOnesBecomeDeadLetters(@TempDir Path dataDir) throws Exception {
        var fixture = new EventLogFixture(5);
        List<SpecificRecord> log = new ArrayList<>(fixture.log(2, 20, 20));
        long end = EventLogFixture.timeOf(log.get(log.size() - 1));
        // Arrives last, 1 s after a session that closed 1.5-4.5 min before the end of the log: within the 5 min
        // lateness, so it re-fires the session and room windows and amends them ...
        var closedSession = log.stream().filter(r -> r.getSchema().getName().equals("PlayerEvent"))
                .filter(r -> lastOfUserRoom(log, r) && EventLogFixture.timeOf(r) < end - 90_000
                        && EventLogFixture.timeOf(r) > end - 270_000)
                .findFirst().orElseThrow();
        var amending = new EventLogFixture(99).log(1, 1, 1).stream()
                .filter(r -> r.getSchema().getName().equals("ChatMessage")).findFirst().orElseThrow();
        ((SpecificRecordBase) amending).put("eventTimeMs", EventLogFixture.timeOf(closedSession) + 1000);
        ((SpecificRecordBase) amending).put("userId", ((SpecificRecordBase) closedSession).get("userId"));
        ((SpecificRecordBase) amending).put("roomId", ((SpecificRecordBase) closedSession).get("roomId"));
        // ... and one from an hour earlier, beyond the lateness.
        var tooLate = new EventLogFixture(98).log(1, 1, 1).stream()
                .filter(r -> r.getSchema().getName().equals("PlayerEvent")).findFirst().orElseThrow();
        ((SpecificRecordBase) tooLate).put("eventTimeMs", EventLogFixture.T0 - 3_600_000);
        var arrival = new ArrayList<>(log);
        arrival.add(amending);
        arrival.add(tooLate);
        var encoded = arrival.stream().map(r -> AvroCodec.standard().encode(r)).toList();
        var topics = topics("late.");
        KAFKA.createTopics(topics);
        var config = config(dataDir, topics, Duration.ofMinutes(5));
        var kafka = new KafkaEndpoints(KAFKA.bootstrapServers(), topics, "it-late");

        // Slow enough that watermarks (every 200 ms) advance before the late records arrive.
        new FeatureJob(EncodedEventsSource.of(encoded, RateLimiterStrategy.perSecond(300)), kafka.sinks(), config)
                .execute(env(1));

        var withAmendment = new ArrayList<>(log);
        withAmendment.add(amending);
        var expected = FeatureReference.compute(EventLogFixture.activities(withAmendment), PARAMS);
        assertKafkaOutputsEqual(topics, expected);
        var before = FeatureReference.compute(EventLogFixture.activities(log), PARAMS);
        String amendedKey = ((SpecificRecordBase) amending).get("userId") + "/" + ((SpecificRecordBase) amending).get("roomId");
        assertThat(expected.userRoom().get(amendedKey).getInteractions())
                .isEqualTo(before.userRoom().get(amendedKey).getInteractions() + 1);
        var deadLetters = KAFKA.committed(topics.deadLetter(), DeadLetter.class);
        assertThat(deadLetters).extracting(DeadLetter::getSource)
                .containsExactlyInAnyOrder("streaming:watch-sessions", "streaming:room-metrics");
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.getReason()).contains("allowed lateness"));
    }

    private static boolean lastOfUserRoom(List<SpecificRecord> log, SpecificRecord event) {
        var e = (SpecificRecordBase) event;
        return log.stream().map(r -> (SpecificRecordBase) r)
                .filter(r -> r.get("userId").equals(e.get("userId")) && r.get("roomId").equals(e.get("roomId")))
                .allMatch(r -> EventLogFixture.timeOf(r) <= EventLogFixture.timeOf(event));
    }

    private static void assertKafkaOutputsEqual(TopicCatalog topics, FeatureReference.Result expected) {
        var userRoom = CommittedRecords.lastByKey(KAFKA.committed(topics.userRoomFeatures(), UserRoomFeatures.class),
                f -> f.getUserId() + "/" + f.getRoomId());
        assertSameEntries("user-room features", canonical(userRoom), canonical(expected.userRoom()));

        var rooms = CommittedRecords.lastByKey(KAFKA.committed(topics.roomMetrics(), RoomMetrics.class),
                m -> FeatureReference.roomWindowKey(m.getRoomId(), m.getWindowStartMs()));
        assertSameEntries("room metrics", canonical(rooms), canonical(expected.roomMetrics()));

        var fits = CommittedRecords.lastByKey(KAFKA.committed(topics.modelFits(), ModelFit.class),
                f -> f.getModel().name() + "/" + f.getScope());
        assertThat(fits.keySet()).isEqualTo(expected.fits().keySet());
        fits.forEach((key, fit) -> {
            var want = expected.fits().get(key);
            assertThat(fit.getObservations()).as(key).isEqualTo(want.observations());
            assertThat(fit.getCoefficients().get(0)).as(key).isCloseTo(want.b1(), within(1e-6 * (1 + Math.abs(want.b1()))));
            assertThat(fit.getCoefficients().get(1)).as(key).isCloseTo(want.b2(), within(1e-6 * (1 + Math.abs(want.b2()))));
            assertThat(fit.getStandardErrors().get(0)).as(key).isCloseTo(want.se1(), within(1e-6 * (1 + want.se1())));
            assertThat(fit.getRSquared()).as(key).isCloseTo(want.rSquared(), within(1e-6));
        });
    }

    private static void assertParquetEquals(Path root, FeatureReference.Result expected) {
        List<WatchSession> sessions = Outputs.parquet(root, "watch_sessions");
        assertThat(sessions.stream().map(Outputs::canonical).toList())
                .containsExactlyInAnyOrderElementsOf(expected.sessions().stream().map(Outputs::canonical).toList());
        List<UserRoomFeatures> features = Outputs.parquet(root, "user_room_features");
        var latest = features.stream().collect(Collectors.toMap(f -> f.getUserId() + "/" + f.getRoomId(),
                Function.identity(), (a, b) -> a.getSessions() >= b.getSessions() ? a : b));
        assertSameEntries("parquet user-room features", canonical(latest), canonical(expected.userRoom()));
        List<RoomMetrics> rooms = Outputs.parquet(root, "room_metrics");
        assertThat(rooms.stream().map(m -> FeatureReference.roomWindowKey(m.getRoomId(), m.getWindowStartMs()))
                .collect(Collectors.toSet())).isEqualTo(expected.roomMetrics().keySet());
        assertThat(Outputs.<ModelFit>parquet(root, "model_fits")).isNotEmpty();
        assertThat(Outputs.partitions(root, "watch_sessions")).allMatch(p -> p.matches("date=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}"));
    }

    /** Fails listing only the keys whose values differ (job value vs reference value). */
    private static <V> void assertSameEntries(String what, Map<String, V> actual, Map<String, V> expected) {
        var differences = new java.util.TreeMap<String, String>();
        for (String key : new java.util.TreeSet<>(java.util.stream.Stream.concat(actual.keySet().stream(),
                expected.keySet().stream()).toList())) {
            if (!java.util.Objects.equals(actual.get(key), expected.get(key))) {
                differences.put(key, "job " + actual.get(key) + "\n   reference " + expected.get(key));
            }
        }
        assertThat(differences).as(what + ": " + expected.size() + " expected keys").isEmpty();
    }

    private static <T extends SpecificRecord> Map<String, Map<String, Object>> canonical(Map<String, T> records) {
        return records.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Outputs.canonical(e.getValue()), (a, b) -> a, java.util.TreeMap::new));
    }

    private static StreamingConfig config(Path dataDir, TopicCatalog topics, Duration allowedLateness) {
        // Idleness far above the run time: a loaded CI machine must not mark a slow split idle (bounded splits finish).
        return new StreamingConfig(PARAMS, OUT_OF_ORDERNESS, Duration.ofMinutes(30), allowedLateness, Duration.ofMinutes(5),
                Duration.ofDays(1), Duration.ofMillis(300), "heap", 2, 0, Duration.ZERO, true,
                KAFKA.bootstrapServers(), "unused", dataDir);
    }

    private static StreamExecutionEnvironment env(int parallelism) {
        var env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(300);
        return env;
    }

    private static TopicCatalog topics(String prefix) {
        return new TopicCatalog(prefix, 2, (short) 1);
    }

    /** Returns how many malformed records it added. */
    private static int produce(TopicCatalog topics, List<SpecificRecord> events, boolean withMalformed) {
        KAFKA.createTopics(topics);
        return InputEvents.produce(KAFKA.bootstrapServers(), topics, events, withMalformed);
    }
}
