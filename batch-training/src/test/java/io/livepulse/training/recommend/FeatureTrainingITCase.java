package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import io.livepulse.training.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ALS from Parquet feature tables written with the streaming job's Avro schemas, as-of a label time T. */
class FeatureTrainingITCase {
    static final long T = 1_764_000_000_000L;
    static final long MINUTE = 60_000L;
    static final List<String> ROOMS_A = List.of("a1", "a2", "a3", "a4");
    static final List<String> ROOMS_B = List.of("b1", "b2", "b3", "b4");
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void ranksAUsersHeavilyWatchedRoomsHighAndExcludesFeaturesFromAfterT(@TempDir Path dir) throws IOException {
        var features = new ArrayList<UserRoomFeatures>();
        var sessions = new ArrayList<WatchSession>();
        // two taste groups: users a* watch the a rooms, users b* the b rooms; u1 watched a1 and a2 for hours
        for (int u = 0; u < 6; u++) {
            for (int r = 0; r < 4; r++) {
                long minutes = u == 0 && r < 2 ? 300 : u == 0 ? 2 : 20 + 7 * ((u + r) % 3);
                watched(features, sessions, "ua" + u, ROOMS_A.get(r), minutes, 0.2, T - 7_200_000);
                watched(features, sessions, "ub" + u, ROOMS_B.get(r), 20 + 5 * ((u * r) % 4), 0.1, T - 7_200_000);
            }
        }
        // leak 1: ua0's session in room "leaky" ended before T, but its only feature row is from after T
        sessions.add(session("ua0", "leaky", T - 600_000, 1));
        features.add(feature("ua0", "leaky", 10_000 * MINUTE, 9.0, T + 3_600_000));
        // leak 2: a later, much heavier row for ub0 in a1 must not replace ub0's b-room profile
        features.add(feature("ub0", "a1", 10_000 * MINUTE, 9.0, T + 60_000));
        sessions.add(session("ub0", "a1", T - 1_800_000, 1));
        features.add(feature("ub0", "a1", 1, 0.0, T - 1_800_000));
        Path root = dir.resolve("parquet");
        write(root.resolve(PointInTimeTrainingSet.TABLE), features);
        write(root.resolve(FeatureTraining.SESSIONS), sessions);

        var registry = new ModelRegistry(dir.resolve("models"));
        var als = AlsParams.defaults(Feedback.Weighting.LOG_W_TIMES_I).with(4, 10.0, 0.1, 10);
        var outcome = new FeatureTraining(SPARK.session(), registry).run(new FeatureTraining.Job(root, OptionalLong.of(T), als));

        AlsFactors factors = AlsFactors.load(registry.latest(FeatureTraining.NAME).orElseThrow());
        assertThat(outcome.withoutFeatures()).isEqualTo(1);
        assertThat(outcome.pairs()).isEqualTo(6 * 4 * 2 + 1);
        List<String> rooms = new ArrayList<>(ROOMS_A);
        rooms.addAll(ROOMS_B);
        rooms.add("leaky");
        double[] ua0 = new double[rooms.size()];
        assertThat(factors.score("ua0", List.of(), rooms.toArray(String[]::new), ua0)).isTrue();
        assertThat(top(rooms, ua0, 2)).containsExactlyInAnyOrder("a1", "a2");
        assertThat(ua0[rooms.indexOf("leaky")]).isNaN();
        double[] ub0 = new double[rooms.size()];
        factors.score("ub0", List.of(), rooms.toArray(String[]::new), ub0);
        assertThat(top(rooms, ub0, 4)).containsExactlyInAnyOrderElementsOf(ROOMS_B);
        assertThat(outcome.entry().manifest().trainingData()).containsEntry("asOfMs", T);
        assertThat(outcome.entry().manifest().params()).containsEntry("rank", 4);
    }

    /** Users on the erasure list are left out even though the Parquet files still hold them. */
    @Test
    void erasedUsersAreLeftOutOfTraining(@TempDir Path dir) throws IOException {
        var features = new ArrayList<UserRoomFeatures>();
        var sessions = new ArrayList<WatchSession>();
        for (int u = 0; u < 4; u++) {
            for (int r = 0; r < 4; r++) {
                watched(features, sessions, "ua" + u, ROOMS_A.get(r), 20 + 7 * ((u + r) % 3), 0.2, T - 7_200_000);
            }
        }
        // the erased user is the only one who watched room "only-erased"
        watched(features, sessions, "ua0", "only-erased", 300, 0.5, T - 7_200_000);
        Path root = dir.resolve("parquet");
        write(root.resolve(PointInTimeTrainingSet.TABLE), features);
        write(root.resolve(FeatureTraining.SESSIONS), sessions);
        var registry = new ModelRegistry(dir.resolve("models"));
        var als = AlsParams.defaults(Feedback.Weighting.LOG_W_TIMES_I).with(2, 10.0, 0.1, 5);

        var outcome = new FeatureTraining(SPARK.session(), registry).run(new FeatureTraining.Job(root,
                OptionalLong.of(T), als, java.util.Set.of("ua0")));

        AlsFactors factors = AlsFactors.load(registry.latest(FeatureTraining.NAME).orElseThrow());
        assertThat(factors.knows("ua0")).isFalse();
        assertThat(factors.knows("ua1") && factors.knows("ua2") && factors.knows("ua3")).isTrue();
        assertThat(factors.users()).isEqualTo(3);
        assertThat(factors.items()).isEqualTo(4);
        assertThat(outcome.pairs()).isEqualTo(3 * 4);
        assertThat(outcome.entry().manifest().trainingData()).containsEntry("erasedUsersLeftOut", 1);
    }

    @Test
    void aMissingOrEmptyTableIsReportedWithWhereItWasExpected(@TempDir Path dir) throws IOException {
        var training = new FeatureTraining(SPARK.session(), new ModelRegistry(dir.resolve("models")));
        var job = new FeatureTraining.Job(dir, OptionalLong.of(T), AlsParams.defaults(Feedback.Weighting.LOG_W));
        assertThatThrownBy(() -> training.run(job)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no table watch_sessions").hasMessageContaining(dir.resolve("watch_sessions")
                        .toString());
        write(dir.resolve(FeatureTraining.SESSIONS), List.of(session("u", "r", T - 1, 1)));
        Files.createDirectories(dir.resolve(PointInTimeTrainingSet.TABLE).resolve("date=2025-11-24"));
        assertThatThrownBy(() -> training.run(job)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table user_room_features has no Parquet files");
    }

    @Test
    void theCommandRefusesAFeatureDirectoryThatDoesNotExist(@TempDir Path dir) {
        int code = io.livepulse.training.TrainingMain.commandLine().execute("recommender", "--data-dir",
                dir.toString(), "--features", dir.resolve("nothing").toString());
        assertThat(code).isEqualTo(2);
    }

    static List<String> top(List<String> rooms, double[] scores, int k) {
        Integer[] order = new Integer[rooms.size()];
        Arrays.setAll(order, i -> i);
        // a streamer the model cannot score (NaN) ranks last
        Arrays.sort(order, (x, y) -> Double.compare(Double.isNaN(scores[y]) ? Double.NEGATIVE_INFINITY : scores[y],
                Double.isNaN(scores[x]) ? Double.NEGATIVE_INFINITY : scores[x]));
        return Arrays.stream(order).limit(k).map(rooms::get).toList();
    }

    static void watched(List<UserRoomFeatures> features, List<WatchSession> sessions, String user, String room,
            long minutes, double interactionsPerMinute, long endMs) {
        sessions.add(session(user, room, endMs, minutes));
        features.add(feature(user, room, minutes * MINUTE, interactionsPerMinute, endMs));
    }

    static WatchSession session(String user, String room, long endMs, long minutes) {
        return WatchSession.newBuilder().setUserId(user).setRoomId(room).setStartTimeMs(endMs - minutes * MINUTE)
                .setEndTimeMs(endMs).setWatchTimeMs(minutes * MINUTE).setHeartbeats((int) minutes)
                .setTransmissionTerm(null).setMeanBitrateKbps(null).setMeanBandwidthKbps(null).setInteractions(0)
                .setInteractionsPerMinute(0).setGiftCount(0).setGiftValueMinor(0).build();
    }

    static UserRoomFeatures feature(String user, String room, long watchMs, double interactionsPerMinute,
            long lastEventMs) {
        return UserRoomFeatures.newBuilder().setUserId(user).setRoomId(room).setWatchTimeMs(watchMs).setSessions(1)
                .setInteractions(Math.round(interactionsPerMinute * watchMs / MINUTE))
                .setInteractionsPerMinute(interactionsPerMinute).setGiftCount(0).setGiftValueMinor(0)
                .setFirstEventTimeMs(lastEventMs - watchMs).setLastEventTimeMs(lastEventMs).build();
    }

    /** One Parquet file in an hour partition, written with parquet-avro as the streaming job's sinks do. */
    static <T extends SpecificRecordBase> void write(Path table, List<T> records) throws IOException {
        Path file = table.resolve("date=2025-11-24").resolve("hour=15").resolve("part-0.parquet");
        Files.createDirectories(file.getParent());
        try (var writer = AvroParquetWriter.<T>builder(new LocalOutputFile(file))
                .withSchema(records.get(0).getSchema()).withDataModel(
                        org.apache.avro.specific.SpecificData.get()).build()) {
            for (T r : records) {
                writer.write(r);
            }
        }
    }
}
