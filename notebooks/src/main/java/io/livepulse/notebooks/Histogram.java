package io.livepulse.notebooks;

import java.util.Arrays;

/**
 * Equal-width bins over the finite values of a sample.
 *
 * @param edges bin edges, one more than the bins
 * @param counts values per bin; the last bin includes its upper edge
 */
public record Histogram(double[] edges, long[] counts) {

    /**
     * Bins the finite values (NaN and infinities skipped) into {@code bins} equal-width bins from min to max.
     *
     * @throws IllegalArgumentException if {@code bins < 1}
     */
    public static Histogram of(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        var counts = new long[bins];
        if (finite.length == 0) {
            var edges = new double[bins + 1];
            for (int i = 0; i <= bins; i++) {
                edges[i] = i;
            }
            return new Histogram(edges, counts);
        }
        double min = Arrays.stream(finite).min().orElseThrow();
        double max = Arrays.stream(finite).max().orElseThrow();
        double width = max > min ? (max - min) / bins : 1.0;
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = min + i * width;
        }
        for (double v : finite) {
            int bin = (int) Math.floor((v - min) / width);
            counts[Math.min(Math.max(bin, 0), bins - 1)]++;
        }
        return new Histogram(edges, counts);
    }

    /** The values binned. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** Counts aligned with {@link #edges()} for a step chart: each bin's count at its left edge, repeated at the end. */
    double[] countsPerEdge() {
        var y = new double[edges.length];
        for (int i = 0; i < counts.length; i++) {
            y[i] = counts[i];
        }
        y[edges.length - 1] = counts[counts.length - 1];
        return y;
    }
}
