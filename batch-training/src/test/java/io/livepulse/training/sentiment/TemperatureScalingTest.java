package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemperatureScalingTest {

    /**
     * Rows whose true class probabilities are softmax(z) and whose reported probabilities are softmax(z / trueT):
     * the fitted temperature must undo the distortion.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.5})
    void recoversTheTemperatureThatDistortedCalibratedProbabilities(double distortion) {
        var rnd = new Random(7);
        var reported = new ArrayList<double[]>();
        int n = 20_000;
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = {rnd.nextGaussian() * 2, rnd.nextGaussian() * 2, rnd.nextGaussian() * 2};
            double[] p = TemperatureScaling.rescale(softmax(z), 1.0);
            double u = rnd.nextDouble();
            gold[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            reported.add(TemperatureScaling.rescale(p, 1.0 / distortion));
        }
        assertThat(TemperatureScaling.fit(reported, gold)).isCloseTo(distortion, within(0.1 * distortion));
    }

    @Test
    void reliabilityOfPerfectlyCalibratedConfidenceHasSmallError() {
        var probabilities = List.of(new double[] {0.9, 0.05, 0.05}, new double[] {0.9, 0.05, 0.05},
                new double[] {0.05, 0.9, 0.05}, new double[] {0.05, 0.05, 0.9});
        var r = TemperatureScaling.reliability(probabilities, new int[] {0, 0, 1, 2});
        assertThat(r.ece()).isCloseTo(0.1, within(1e-9)); // all in bin [0.9, 1.0): confidence 0.9, accuracy 1.0
        var wrong = TemperatureScaling.reliability(probabilities, new int[] {1, 1, 0, 0});
        assertThat(wrong.ece()).isCloseTo(0.9, within(1e-9));
        assertThat(wrong.nll()).isGreaterThan(r.nll());
    }

    @Test
    void rescalingKeepsTheTopClassAndSumsToOne() {
        double[] p = {0.2, 0.5, 0.3};
        for (double t : new double[] {0.3, 1, 4}) {
            double[] q = TemperatureScaling.rescale(p, t);
            assertThat(q[0] + q[1] + q[2]).isCloseTo(1.0, within(1e-12));
            assertThat(q[1]).isGreaterThan(q[0]).isGreaterThan(q[2] - 1);
            assertThat(q[1]).isGreaterThan(q[2]);
        }
        assertThat(TemperatureScaling.rescale(p, 1)).containsExactly(new double[] {0.2, 0.5, 0.3}, within(1e-12));
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] e = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            e[k] = Math.exp(z[k] - max);
            sum += e[k];
        }
        for (int k = 0; k < z.length; k++) {
            e[k] /= sum;
        }
        return e;
    }
}
