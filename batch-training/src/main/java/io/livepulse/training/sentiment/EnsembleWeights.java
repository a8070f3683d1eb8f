package io.livepulse.training.sentiment;

import java.util.ArrayList;
import java.util.List;

/** Choosing the weights of a probability-averaging ensemble: a grid over the simplex, and its predictions. */
final class EnsembleWeights {
    private EnsembleWeights() {}

    /** Every weight vector of {@code members} non-negative multiples of 1/{@code steps} summing to 1, first member's weight descending. */
    static List<double[]> simplex(int members, int steps) {
        var out = new ArrayList<double[]>();
        fill(new int[members], 0, steps, steps, out);
        return out;
    }

    private static void fill(int[] w, int i, int left, int steps, List<double[]> out) {
        if (i == w.length - 1) {
            w[i] = left;
            double[] d = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                d[j] = (double) w[j] / steps;
            }
            out.add(d);
            return;
        }
        for (int v = left; v >= 0; v--) {
            w[i] = v;
            fill(w, i + 1, left - v, steps, out);
        }
    }

    /** Arg-max class of the weighted mean of the members' probabilities, per text. */
    static int[] predict(List<double[][]> probabilities, double[] weights) {
        int n = probabilities.get(0).length;
        int k = probabilities.get(0)[0].length;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestP = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double p = 0;
                for (int m = 0; m < weights.length; m++) {
                    p += weights[m] * probabilities.get(m)[i][c];
                }
                if (p > bestP) {
                    bestP = p;
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
