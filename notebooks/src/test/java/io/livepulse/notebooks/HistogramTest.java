package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void binsEqualWidthAndKeepsTheMaximumInTheLastBin() {
        var h = Histogram.of(new double[] {0, 1, 2, 3, 4, 10, Double.NaN, Double.POSITIVE_INFINITY}, 5);
        assertThat(h.edges()).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(h.counts()).containsExactly(2, 2, 1, 0, 1);
        assertThat(h.total()).isEqualTo(6);
        assertThat(h.countsPerEdge()).containsExactly(2, 2, 1, 0, 1, 1);
    }

    @Test
    void oneDistinctValueOrNoneStillBins() {
        assertThat(Histogram.of(new double[] {3, 3, 3}, 4).counts()).containsExactly(3, 0, 0, 0);
        assertThat(Histogram.of(new double[] {Double.NaN}, 2).total()).isZero();
        assertThatThrownBy(() -> Histogram.of(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
