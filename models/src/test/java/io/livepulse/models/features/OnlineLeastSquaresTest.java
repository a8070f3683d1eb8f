package io.livepulse.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineLeastSquaresTest {

    @Test
    void exactDataGivesExactCoefficientsZeroErrorsAndRSquaredOne() {
        var ols = new OnlineLeastSquares();
        double[][] xs = {{1, 2}, {2, 1}, {3, 5}, {4, 2}};
        for (double[] x : xs) {
            ols.update(x[0], x[1], 2 * x[0] - 3 * x[1], 1);
        }
        var fit = ols.fit().orElseThrow();
        assertThat(fit.b1()).isCloseTo(2, within(1e-9));
        assertThat(fit.b2()).isCloseTo(-3, within(1e-9));
        assertThat(fit.se1()).isCloseTo(0, within(1e-6));
        assertThat(fit.rSquared()).isCloseTo(1, within(1e-9));
        assertThat(fit.observations()).isEqualTo(4);
    }

    @Test
    void noisyDataRecoversPlantedCoefficientsWithinTwoStandardErrorsOfTheBatchSolution() {
        var random = new Random(7);
        var ols = new OnlineLeastSquares();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double x1 = random.nextDouble() * 10;
            double x2 = random.nextDouble() * 4;
            ols.update(x1, x2, 1.5 * x1 + 0.8 * x2 + random.nextGaussian(), 1);
        }
        var fit = ols.fit().orElseThrow();
        assertThat(fit.b1()).isCloseTo(1.5, within(4 * fit.se1()));
        assertThat(fit.b2()).isCloseTo(0.8, within(4 * fit.se2()));
        // Textbook SE for x ~ U(0,10), U(0,4), sigma 1, n 20k is about 0.0024 and 0.0068.
        assertThat(fit.se1()).isBetween(0.001, 0.005);
        assertThat(fit.se2()).isBetween(0.003, 0.012);
        assertThat(fit.rSquared()).isBetween(0.9, 1.0);
    }

    @Test
    void removingAnObservationRestoresThePreviousFit() {
        var ols = new OnlineLeastSquares();
        ols.update(1, 0, 1, 1);
        ols.update(0, 1, 2, 1);
        ols.update(1, 1, 3.5, 1);
        var before = ols.fit().orElseThrow();
        ols.update(5, 7, 100, 1);
        assertThat(ols.fit().orElseThrow().b1()).isNotCloseTo(before.b1(), within(1e-6));
        ols.update(5, 7, 100, -1);
        var after = ols.fit().orElseThrow();
        assertThat(after.b1()).isCloseTo(before.b1(), within(1e-9));
        assertThat(after.b2()).isCloseTo(before.b2(), within(1e-9));
        assertThat(after.observations()).isEqualTo(3);
    }

    @Test
    void tooFewOrCollinearObservationsGiveNoFit() {
        var ols = new OnlineLeastSquares();
        ols.update(1, 2, 3, 1);
        ols.update(2, 1, 3, 1);
        assertThat(ols.fit()).isEmpty();
        var collinear = new OnlineLeastSquares();
        for (int i = 1; i <= 10; i++) {
            collinear.update(i, 2 * i, i, 1);
        }
        assertThat(collinear.fit()).isEmpty();
    }

    @Test
    void nonFiniteObservationsAreRefused() {
        assertThatThrownBy(() -> new OnlineLeastSquares().update(Double.NaN, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }
}
