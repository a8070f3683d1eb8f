package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleWeightsTest {
    @Test
    void simplexGridCoversEveryWeightVectorOnce() {
        var grid = EnsembleWeights.simplex(3, 20);
        assertThat(grid).hasSize(231); // C(22, 2)
        for (double[] w : grid) {
            assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-12));
        }
        assertThat(grid.get(0)).containsExactly(1.0, 0.0, 0.0);
        assertThat(EnsembleWeights.simplex(1, 20)).containsExactly(new double[] {1.0});
    }

    @Test
    void predictionsFollowTheWeightedMean() {
        double[][] a = {{0.9, 0.1}, {0.4, 0.6}};
        double[][] b = {{0.2, 0.8}, {0.45, 0.55}};
        assertThat(EnsembleWeights.predict(List.of(a, b), new double[] {1, 0})).containsExactly(0, 1);
        assertThat(EnsembleWeights.predict(List.of(a, b), new double[] {0, 1})).containsExactly(1, 1);
        // 0.5 * 0.9 + 0.5 * 0.2 = 0.55 negative for the first text
        assertThat(EnsembleWeights.predict(List.of(a, b), new double[] {0.5, 0.5})).containsExactly(0, 1);
    }
}
