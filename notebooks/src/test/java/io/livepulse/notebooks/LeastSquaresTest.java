package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LeastSquaresTest {

    @Test
    void recoversExactCoefficientsWithoutNoise() {
        double[] x1 = {1, 2, 3, 4, 5};
        double[] x2 = {2, 1, 0, 1, 3};
        double[] y = new double[5];
        for (int i = 0; i < 5; i++) {
            y[i] = 6 * x1[i] - 4 * x2[i];
        }
        var fit = LeastSquares.fit(y, x1, x2);
        assertThat(fit.coefficients()).containsExactly(new double[] {6, -4}, within(1e-9));
        assertThat(fit.rSquared()).isCloseTo(1.0, within(1e-12));
        assertThat(fit.observations()).isEqualTo(5);
        assertThat(fit.usedResiduals()).containsExactly(new double[] {0, 0, 0, 0, 0}, within(1e-9));
    }

    @Test
    void estimatesPlantedCoefficientsWithHonestStandardErrors() {
        var random = new Random(7);
        int n = 5_000;
        double[] t = new double[n];
        double[] i = new double[n];
        double[] w = new double[n];
        for (int r = 0; r < n; r++) {
            t[r] = random.nextDouble() * 3;
            i[r] = random.nextDouble() * 5;
            w[r] = 6 * t[r] + 4 * i[r] + 1.5 * random.nextGaussian();
        }
        var fit = LeastSquares.fit(w, t, i);
        for (int k = 0; k < 2; k++) {
            double planted = k == 0 ? 6 : 4;
            assertThat(Math.abs(fit.coefficient(k) - planted)).isLessThan(4 * fit.standardErrors()[k]);
            assertThat(fit.standardErrors()[k]).isBetween(0.005, 0.1);
        }
    }

    @Test
    void skipsRowsWithMissingValues() {
        double[] x = {1, 2, Double.NaN, 4};
        double[] y = {2, 4, 100, Double.NaN};
        var fit = LeastSquares.fit(y, x);
        assertThat(fit.observations()).isEqualTo(2);
        assertThat(fit.coefficient(0)).isCloseTo(2, within(1e-12));
        assertThat(fit.residuals()[2]).isNaN();
        assertThat(fit.residuals()[3]).isNaN();
    }

    @Test
    void refusesCollinearOrTooFewRows() {
        double[] x = {1, 2, 3, 4};
        assertThatThrownBy(() -> LeastSquares.fit(new double[] {1, 2, 3, 4}, x, new double[] {2, 4, 6, 8}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collinear");
        assertThatThrownBy(() -> LeastSquares.fit(new double[] {1, 2}, new double[] {1, 2}, new double[] {3, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 usable rows cannot fit 2");
        assertThatThrownBy(() -> LeastSquares.fit(new double[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 3 values");
    }
}
