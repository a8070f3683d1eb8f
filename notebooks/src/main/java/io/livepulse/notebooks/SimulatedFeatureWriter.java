package io.livepulse.notebooks;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.FeatureParams;
import io.livepulse.models.features.FeatureReference;
import io.livepulse.models.features.OnlineLeastSquares;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.models.simulation.ViewingSession;
import io.livepulse.schemas.feature.FitModel;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The feature tables of a small simulation, computed the way the streaming job computes them: the platform
 * simulator's events ({@link PlatformSimulator}) through the plain-Java feature reference ({@link FeatureReference},
 * which the streaming job's tests hold the Flink job to), written as {@code watch_sessions},
 * {@code user_room_features}, {@code room_metrics} and {@code model_fits} (the final fits). The simulator's planted
 * propensity sigma of each viewer goes to {@code simulation/sample-users.csv}.
 */
public final class SimulatedFeatureWriter {
    /**
     * The streaming job's defaults (streaming-jobs {@code defaults.properties}): 150 s heartbeat gap (the simulator
     * sends a heartbeat a minute, so a shorter gap splits sessions), k = 1000, 60 s room windows sliding by 10 s.
     */
    public static final FeatureParams STREAMING_DEFAULTS =
            new FeatureParams(Duration.ofSeconds(150), 1000, Duration.ofSeconds(60), Duration.ofSeconds(10));

    private SimulatedFeatureWriter() {}

    /** Simulates {@code config}, computes the features with {@code params} and writes them; returns rows per table. */
    public static Map<String, Integer> write(Path dataDir, SimulationConfig config, FeatureParams params) {
        var simulator = new PlatformSimulator(config);
        List<Activity> log = simulator.eventStream().map(Activity::from).toList();
        long lastMs = log.stream().mapToLong(Activity::timeMs).max().orElse(config.start().toEpochMilli());
        var result = FeatureReference.compute(log, params);
        var counts = new TreeMap<String, Integer>();
        counts.put(FeatureTables.WATCH_SESSIONS, ParquetTableWriter.write(dataDir, FeatureTables.WATCH_SESSIONS,
                WatchSession.getClassSchema(), result.sessions(), WatchSession::getStartTimeMs));
        counts.put(FeatureTables.USER_ROOM_FEATURES, ParquetTableWriter.write(dataDir,
                FeatureTables.USER_ROOM_FEATURES, UserRoomFeatures.getClassSchema(),
                List.copyOf(result.userRoom().values()), UserRoomFeatures::getLastEventTimeMs));
        counts.put(FeatureTables.ROOM_METRICS, ParquetTableWriter.write(dataDir, FeatureTables.ROOM_METRICS,
                RoomMetrics.getClassSchema(), List.copyOf(result.roomMetrics().values()), RoomMetrics::getWindowStartMs));
        var fits = new ArrayList<ModelFit>();
        result.fits().forEach((key, fit) -> fits.add(modelFit(key, fit, lastMs)));
        counts.put(FeatureTables.MODEL_FITS, ParquetTableWriter.write(dataDir, FeatureTables.MODEL_FITS,
                ModelFit.getClassSchema(), fits, ModelFit::getEmittedTimeMs));
        writeSigmas(dataDir, simulator);
        return counts;
    }

    private static ModelFit modelFit(String key, OnlineLeastSquares.Fit fit, long emittedMs) {
        int cut = key.indexOf('/');
        return ModelFit.newBuilder()
                .setModel(FitModel.valueOf(key.substring(0, cut)))
                .setScope(key.substring(cut + 1))
                .setCoefficients(List.of(fit.b1(), fit.b2()))
                .setStandardErrors(List.of(fit.se1(), fit.se2()))
                .setRSquared(fit.rSquared())
                .setObservations(fit.observations())
                .setEmittedTimeMs(emittedMs)
                .build();
    }

    private static void writeSigmas(Path dataDir, PlatformSimulator simulator) {
        var sigma = new TreeMap<String, Double>();
        simulator.sessions().forEachRemaining((ViewingSession s) -> sigma.putIfAbsent(s.userId(), s.sigma()));
        var lines = new ArrayList<String>();
        lines.add("userId,sigma");
        sigma.forEach((user, value) -> lines.add(user + "," + value));
        Path file = dataDir.resolve("simulation").resolve(SampleFeatureWriter.SIGMA_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
