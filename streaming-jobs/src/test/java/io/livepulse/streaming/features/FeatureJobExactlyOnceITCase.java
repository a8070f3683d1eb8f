package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.features.FeatureParams;
import io.livepulse.models.features.FeatureReference;
import io.livepulse.models.features.UserRoomTotals;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import io.livepulse.streaming.StreamingConfig;
import io.livepulse.streaming.testing.PhasedFailureSink;
import io.livepulse.streaming.testing.PhasedFailureSink.Failure;
import io.livepulse.streaming.testing.PhasedFailureSink.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once of the feature job read from the real events topics, compared record by record: every record on the
 * feature and dead-letter topics (read_committed) and every Parquet row, as multisets with no reduction by key,
 * against the plain-Java reference, after twelve failures injected between, during and at the completion of
 * checkpoints.
 *
 * <p>The job's outputs are a function of the events here, not of timing: each partition holds its events shuffled
 * within the out-of-orderness bound, so no event is ever late and every window and session fires once; the fits
 * are emitted on one event-time boundary (a day) that only the end of input reaches. So a replayed record that the
 * sink lets through shows up as one more copy. Run with {@code -Dlivepulse.it.kafka-guarantee=AT_LEAST_ONCE} (the
 * Kafka sinks without transactions) and it fails, listing the records the job wrote twice.
 */
class FeatureJobExactlyOnceITCase {
    private static final FeatureParams PARAMS =
            new FeatureParams(Duration.ofSeconds(60), 1000, Duration.ofSeconds(60), Duration.ofSeconds(30));
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final Duration FIT_INTERVAL = Duration.ofDays(1);
    private static final int MINUTES = 40;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void everyOutputRecordOnceDespiteTwelveFailuresAroundCheckpoints(@TempDir Path dataDir) throws Exception {
        var fixture = new EventLogFixture(31);
        List<SpecificRecord> log = withCatalogueEvery30s(fixture.log(4, 30, MINUTES));
        var topics = KAFKA.createTopics(new TopicCatalog("eos.", 2, (short) 1));
        int malformed = InputEvents.produce(KAFKA.bootstrapServers(), topics,
                fixture.shuffledWithin(log, OUT_OF_ORDERNESS.toMillis()), true, true);
        var guarantee = DeliveryGuarantee.valueOf(
                System.getProperty("livepulse.it.kafka-guarantee", "EXACTLY_ONCE").toUpperCase(Locale.ROOT));
        var kafka = new KafkaEndpoints(KAFKA.bootstrapServers(), topics, "it-eos", guarantee);
        var config = new StreamingConfig(PARAMS, OUT_OF_ORDERNESS, Duration.ofMinutes(30), Duration.ofSeconds(30),
                FIT_INTERVAL, Duration.ofDays(1), Duration.ofMillis(200), "heap", 2, 0, Duration.ZERO, true,
                KAFKA.bootstrapServers(), "unused", dataDir);
        // Four of each phase, every 2.5 min of the sessions' end times from 2 to 30 min: the last one leaves a
        // quarter of the input to arm it before the end.
        var plan = new ArrayList<Failure>();
        Phase[] phases = {Phase.WRITE, Phase.SNAPSHOT, Phase.COMMIT};
        for (int i = 0; i < 12; i++) {
            plan.add(new Failure(EventLogFixture.T0 + 120_000 + i * 150_000L, phases[i % 3]));
        }
        PhasedFailureSink.FAILED.set(0);
        var failing = new FeatureSinks(List.of(), List.of(), List.of(),
                List.of(new PhasedFailureSink<WatchSession>(plan, WatchSession::getEndTimeMs)), List.of());

        long started = System.nanoTime();
        var fetchLittle = new Properties();
        fetchLittle.setProperty("max.poll.records", "1");
        fetchLittle.setProperty("max.partition.fetch.bytes", "1");
        new FeatureJob(kafka.events("it-eos", true, new PacedDecoder(Duration.ofMillis(20)), fetchLittle),
                kafka.sinks().and(ParquetTables.sinks(config.parquetDir())).and(failing), config).execute(env());
        System.out.printf("feature job: %d events, %d injected failures, %.1f s%n", log.size(),
                PhasedFailureSink.FAILED.get(), (System.nanoTime() - started) / 1e9);

        assertThat(PhasedFailureSink.FAILED.get()).as("injected failures").isEqualTo(plan.size());
        var expected = FeatureReference.compute(EventLogFixture.activities(log), PARAMS);
        var everyUserRoomUpdate = userRoomUpdates(expected.sessions());
        long fitTimeMs = expected.sessions().stream().mapToLong(WatchSession::getEndTimeMs).max().orElseThrow()
                / FIT_INTERVAL.toMillis() * FIT_INTERVAL.toMillis() + FIT_INTERVAL.toMillis();

        assertSameMultiset("Kafka user-room features",
                KAFKA.committed(topics.userRoomFeatures(), UserRoomFeatures.class), everyUserRoomUpdate);
        assertSameMultiset("Kafka room metrics", KAFKA.committed(topics.roomMetrics(), RoomMetrics.class),
                expected.roomMetrics().values());
        assertFitsOncePerScope("Kafka model fits", KAFKA.committed(topics.modelFits(), ModelFit.class), expected,
                fitTimeMs);
        assertThat(KAFKA.committed(topics.deadLetter(), DeadLetter.class))
                .extracting(d -> d.getSource() + ": " + StandardCharsets.UTF_8.decode(d.getRawPayload()))
                .as("dead letters")
                .containsExactlyInAnyOrderElementsOf(java.util.Collections.nCopies(malformed,
                        DeadLetterRouter.SOURCE + ": " + InputEvents.MALFORMED));

        Path parquet = config.parquetDir();
        assertSameMultiset("Parquet watch sessions", Outputs.<WatchSession>parquet(parquet, "watch_sessions"),
                expected.sessions());
        assertSameMultiset("Parquet user-room features",
                Outputs.<UserRoomFeatures>parquet(parquet, "user_room_features"), everyUserRoomUpdate);
        assertSameMultiset("Parquet room metrics", Outputs.<RoomMetrics>parquet(parquet, "room_metrics"),
                expected.roomMetrics().values());
        assertFitsOncePerScope("Parquet model fits", Outputs.parquet(parquet, "model_fits"), expected, fitTimeMs);
    }

    /**
     * The log with every room's catalogue entry repeated (same category) every 30 s: each partition of the room
     * topic then moves its watermark on with the others; with only the rooms' start events, it would hold the job's
     * watermark at the start until the end of input, and every session would close in one burst at the end.
     */
    private static List<SpecificRecord> withCatalogueEvery30s(List<SpecificRecord> log) {
        var rooms = log.stream().filter(r -> r instanceof RoomEvent).map(r -> (RoomEvent) r).toList();
        var all = new ArrayList<>(log);
        long end = log.stream().mapToLong(EventLogFixture::timeOf).max().orElseThrow();
        for (long t = EventLogFixture.T0 + 30_000; t <= end; t += 30_000) {
            long at = t;
            rooms.stream().collect(Collectors.groupingBy(RoomEvent::getRoomId)).forEach((room, events) -> events
                    .stream().filter(e -> e.getEventTimeMs() <= at).max(java.util.Comparator.comparingLong(
                            RoomEvent::getEventTimeMs))
                    .ifPresent(latest -> all.add(RoomEvent.newBuilder(latest).setEventId(room + "-tick-" + at)
                            .setEventTimeMs(at).setAction(RoomAction.UPDATED).build())));
        }
        all.sort(java.util.Comparator.comparingLong(EventLogFixture::timeOf));
        return all;
    }

    /** What the feature folder emits: after each session of a user-room, the totals of its sessions so far. */
    private static List<UserRoomFeatures> userRoomUpdates(List<WatchSession> sessions) {
        var byUserRoom = sessions.stream().collect(Collectors.groupingBy(s -> s.getUserId() + "/" + s.getRoomId(),
                TreeMap::new, Collectors.toList()));
        var updates = new ArrayList<UserRoomFeatures>();
        byUserRoom.values().forEach(own -> {
            var sorted = own.stream().sorted(java.util.Comparator.comparingLong(WatchSession::getStartTimeMs)).toList();
            for (int i = 1; i <= sorted.size(); i++) {
                updates.add(UserRoomTotals.of(sorted.subList(0, i)));
            }
        });
        return updates;
    }

    /**
     * Fails listing each record (canonical form) whose count differs: a duplicate shows as "job 2, reference 1".
     */
    private static void assertSameMultiset(String what, Collection<? extends SpecificRecord> actual,
            Collection<? extends SpecificRecord> expected) {
        var actualCounts = counts(actual);
        var expectedCounts = counts(expected);
        var differences = new TreeMap<String, String>();
        for (String record : new java.util.TreeSet<>(java.util.stream.Stream.concat(actualCounts.keySet().stream(),
                expectedCounts.keySet().stream()).toList())) {
            long job = actualCounts.getOrDefault(record, 0L);
            long reference = expectedCounts.getOrDefault(record, 0L);
            if (job != reference) {
                differences.put(record, "job " + job + ", reference " + reference);
            }
        }
        assertThat(differences).as("%s: %d records from the job, %d from the reference; records whose counts differ",
                what, actual.size(), expected.size()).isEmpty();
        assertThat(actual).as(what).hasSameSizeAs(expected);
    }

    private static Map<String, Long> counts(Collection<? extends SpecificRecord> records) {
        return records.stream().collect(Collectors.groupingBy(r -> Outputs.canonical(r).toString(), TreeMap::new,
                Collectors.counting()));
    }

    /**
     * One fit per model and scope, at the end of input, equal to the reference's: sums of doubles in another order
     * differ in the last bits, so the coefficients are compared within a tolerance rather than as canonical text.
     */
    private static void assertFitsOncePerScope(String what, List<ModelFit> fits, FeatureReference.Result expected,
            long fitTimeMs) {
        var perKey = fits.stream().collect(Collectors.groupingBy(f -> f.getModel().name() + "/" + f.getScope(),
                TreeMap::new, Collectors.toList()));
        assertThat(perKey.keySet()).as(what).isEqualTo(expected.fits().keySet());
        perKey.forEach((key, copies) -> {
            assertThat(copies).as("%s %s: records", what, key).hasSize(1);
            var fit = copies.get(0);
            var want = expected.fits().get(key);
            assertThat(fit.getEmittedTimeMs()).as(key).isEqualTo(fitTimeMs);
            assertThat(fit.getObservations()).as(key).isEqualTo(want.observations());
            assertThat(fit.getCoefficients().get(0)).as(key).isCloseTo(want.b1(), within(1e-6 * (1 + Math.abs(want.b1()))));
            assertThat(fit.getCoefficients().get(1)).as(key).isCloseTo(want.b2(), within(1e-6 * (1 + Math.abs(want.b2()))));
            assertThat(fit.getRSquared()).as(key).isCloseTo(want.rSquared(), within(1e-6));
        });
    }

    /**
     * The job's decoder, pausing before each record: the source then emits the input over seconds, its watermarks
     * advance step by step, and checkpoints (every 200 ms) fall all along the input, so that the failures meet
     * records between, during and after checkpoints. The pause is in the source's task thread, between two
     * mailbox actions, so checkpoint barriers are not held up by it.
     */
    private static final class PacedDecoder
            implements org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<Decoded> {
        private final long pauseMs;
        private final DecodingDeserializer decoder = new DecodingDeserializer();

        PacedDecoder(Duration pause) {
            this.pauseMs = pause.toMillis();
        }

        @Override
        public void deserialize(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
                org.apache.flink.util.Collector<Decoded> out) throws java.io.IOException {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("paced decoder interrupted");
            }
            decoder.deserialize(record, out);
        }

        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<Decoded> getProducedType() {
            return decoder.getProducedType();
        }
    }

    private static StreamExecutionEnvironment env() {
        var env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        // A failed checkpoint fails the job, so a failure while snapshotting restarts it like any other.
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(0);
        var restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        env.configure(restart);
        return env;
    }
}
