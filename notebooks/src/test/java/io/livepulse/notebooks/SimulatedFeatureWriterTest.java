package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.features.WatchSessions;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.schemas.feature.FitModel;
import io.livepulse.schemas.feature.ModelFit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedFeatureWriterTest {
    @TempDir
    Path dir;

    @Test
    void theOfflineFitOnTheSessionsEqualsTheReferencesOnlineFit() {
        var counts = SimulatedFeatureWriter.write(dir, SimulationConfig.tiny(5), SimulatedFeatureWriter.STREAMING_DEFAULTS);
        assertThat(counts.get(FeatureTables.WATCH_SESSIONS)).isPositive();
        var tables = FeatureTables.at(dir);
        assertThat(tables.names()).contains("model_fits", "room_metrics", "user_room_features", "watch_sessions");
        assertThat(tables.plantedPropensities()).isNotEmpty();

        var s = tables.load(FeatureTables.WATCH_SESSIONS);
        s = s.where(s.doubleColumn("transmissionTerm").isNotMissing().and(s.longColumn("watchTimeMs").isGreaterThan(0)));
        double[] minutes = s.longColumn("watchTimeMs").divide(60_000.0).asDoubleArray();
        long[] watchMs = s.longColumn("watchTimeMs").asLongArray();
        long[] chat = s.longColumn("chatMessages").asLongArray();
        double[] chatPerMinute = new double[watchMs.length];
        for (int r = 0; r < watchMs.length; r++) {
            chatPerMinute[r] = WatchSessions.perMinute(chat[r], watchMs[r]);
        }
        var offline = LeastSquares.fit(minutes, s.doubleColumn("transmissionTerm").asDoubleArray(), chatPerMinute);
        ModelFit online = tables.records(FeatureTables.MODEL_FITS, ModelFit.class).stream()
                .filter(f -> f.getModel() == FitModel.WATCH_TIME && f.getScope().equals("global")).findFirst().orElseThrow();
        assertThat(offline.observations()).isEqualTo(online.getObservations());
        assertThat(offline.coefficient(0)).isCloseTo(online.getCoefficients().get(0), within(1e-6 * Math.abs(offline.coefficient(0)) + 1e-9));
        assertThat(offline.coefficient(1)).isCloseTo(online.getCoefficients().get(1), within(1e-6 * Math.abs(offline.coefficient(1)) + 1e-9));
    }

    @Test
    void theSampleRecoversTheCoefficientsThatTheSimulatorPlanted() {
        SimulatedFeatureWriter.write(dir, FeatureTables.SAMPLE_SIMULATION, SimulatedFeatureWriter.STREAMING_DEFAULTS);
        var truth = FeatureTables.SAMPLE_SIMULATION.coefficients();
        ModelFit watch = FeatureTables.at(dir).records(FeatureTables.MODEL_FITS, ModelFit.class).stream()
                .filter(f -> f.getModel() == FitModel.WATCH_TIME && f.getScope().equals("global"))
                .reduce((a, b) -> b).orElseThrow();
        // Sessions cut by too short a heartbeat gap break W = l1*T + l2*I (l1 came out at 0.14 instead of 14 once).
        assertThat(watch.getCoefficients().get(0)).isCloseTo(truth.lambda1(), within(0.15 * truth.lambda1()));
        assertThat(watch.getRSquared()).isGreaterThan(0.5);
    }
}
