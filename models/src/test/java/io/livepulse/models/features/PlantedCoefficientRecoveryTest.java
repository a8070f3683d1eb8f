package io.livepulse.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.simulation.PlantedCoefficients;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fits of the streaming job (its reference, which the Flink ITCases prove equal to the job) recover the
 * coefficients the simulator plants, within the tolerances stated here.
 */
class PlantedCoefficientRecoveryTest {
    /** Longer than the simulator's 60 s heartbeat interval, as the production default. */
    private static final FeatureParams PARAMS =
            new FeatureParams(Duration.ofSeconds(150), 1000, Duration.ofMinutes(1), Duration.ofSeconds(10));

    @Test
    void fitsRecoverThePlantedCoefficients() {
        var config = SimulationConfig.tiny(2026).withUsers(1_000);
        PlantedCoefficients planted = config.coefficients();
        List<Activity> log = new PlatformSimulator(config).eventStream().map(Activity::from).toList();

        var result = FeatureReference.compute(log, PARAMS);

        var watch = result.fits().get("WATCH_TIME/global");
        var interaction = result.fits().get("INTERACTION/global");
        System.out.printf("W fit: l1=%.3f (planted %.1f, se %.3f) l2=%.3f (planted %.1f, se %.3f) R2=%.3f n=%d%n",
                watch.b1(), planted.lambda1(), watch.se1(), watch.b2(), planted.lambda2(), watch.se2(), watch.rSquared(),
                watch.observations());
        System.out.printf("I fit: a1=%.3f (planted %.2f, se %.3f) a2=%.3f (planted %.2f, se %.3f) R2=%.3f n=%d%n",
                interaction.b1(), planted.alpha1(), interaction.se1(), interaction.b2(), planted.alpha2(),
                interaction.se2(), interaction.rSquared(), interaction.observations());
        assertThat(watch.observations()).isGreaterThan(1_000);
        // Stated tolerances: 10 % for lambda1, alpha1, alpha2. lambda2 within 25 % and below the planted value:
        // its regressor I is chat counted over the session (Poisson noise), which attenuates the estimate
        // (errors in variables); sessions cut by the room's end add a little more.
        assertThat(watch.b1()).isCloseTo(planted.lambda1(), within(0.10 * planted.lambda1()));
        assertThat(watch.b2()).isCloseTo(planted.lambda2(), within(0.25 * planted.lambda2()))
                .isLessThan(planted.lambda2());
        assertThat(interaction.b1()).isCloseTo(planted.alpha1(), within(0.10 * planted.alpha1()));
        assertThat(interaction.b2()).isCloseTo(planted.alpha2(), within(0.10 * planted.alpha2()));
        assertThat(interaction.rSquared()).isGreaterThan(0.5);
    }
}
