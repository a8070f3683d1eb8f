package io.livepulse.training.sentiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Temperature scaling (Guo et al. 2017) of class probabilities, and the reliability figures that show whether it
 * worked. Probabilities are turned back into logits with {@code log p} (softmax does not see the constant that
 * {@code log} loses), divided by T and normalised again.
 */
final class TemperatureScaling {
    /** Confidence bins of the reliability table and of the expected calibration error. */
    static final int BINS = 10;

    private TemperatureScaling() {}

    /** Probabilities at temperature {@code t}. */
    static double[] rescale(double[] p, double t) {
        double[] z = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < p.length; k++) {
            z[k] = Math.log(Math.max(p[k], 1e-300)) / t;
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < p.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /** Mean negative log-likelihood of the gold classes at temperature {@code t}. */
    static double nll(List<double[]> probabilities, int[] gold, double t) {
        double sum = 0;
        for (int i = 0; i < gold.length; i++) {
            sum -= Math.log(Math.max(rescale(probabilities.get(i), t)[gold[i]], 1e-300));
        }
        return sum / gold.length;
    }

    /**
     * The temperature in [0.05, 20] minimising the validation NLL: a log-spaced grid of 200 points, then the best
     * point's neighbourhood refined by golden-section search (the NLL is unimodal in log T for a fixed model).
     */
    static double fit(List<double[]> probabilities, int[] gold) {
        if (gold.length == 0) {
            return 1.0;
        }
        double lo = Math.log(0.05);
        double hi = Math.log(20);
        int n = 200;
        int best = 0;
        double bestNll = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            double v = nll(probabilities, gold, Math.exp(lo + (hi - lo) * i / n));
            if (v < bestNll) {
                bestNll = v;
                best = i;
            }
        }
        double a = lo + (hi - lo) * Math.max(0, best - 1) / n;
        double b = lo + (hi - lo) * Math.min(n, best + 1) / n;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 40; it++) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            if (nll(probabilities, gold, Math.exp(c)) < nll(probabilities, gold, Math.exp(d))) {
                b = d;
            } else {
                a = c;
            }
        }
        return Math.exp((a + b) / 2);
    }

    /**
     * Reliability of the top class: per equal-width confidence bin, the rows, mean confidence and accuracy; and the
     * expected calibration error (sum over bins of |accuracy - confidence| weighted by the bin's share of rows).
     */
    record Reliability(double ece, double nll, List<Map<String, Object>> bins) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("ece", ece);
            m.put("nll", nll);
            m.put("bins", bins);
            return m;
        }
    }

    static Reliability reliability(List<double[]> probabilities, int[] gold) {
        int[] count = new int[BINS];
        double[] confidence = new double[BINS];
        int[] correct = new int[BINS];
        double nll = 0;
        for (int i = 0; i < gold.length; i++) {
            double[] p = probabilities.get(i);
            int top = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[top]) {
                    top = k;
                }
            }
            int bin = Math.min(BINS - 1, (int) (p[top] * BINS));
            count[bin]++;
            confidence[bin] += p[top];
            if (top == gold[i]) {
                correct[bin]++;
            }
            nll -= Math.log(Math.max(p[gold[i]], 1e-300));
        }
        double ece = 0;
        var bins = new ArrayList<Map<String, Object>>();
        for (int b = 0; b < BINS; b++) {
            if (count[b] == 0) {
                continue;
            }
            double conf = confidence[b] / count[b];
            double acc = (double) correct[b] / count[b];
            ece += Math.abs(acc - conf) * count[b] / gold.length;
            var m = new LinkedHashMap<String, Object>();
            m.put("from", (double) b / BINS);
            m.put("to", (double) (b + 1) / BINS);
            m.put("rows", count[b]);
            m.put("meanConfidence", conf);
            m.put("accuracy", acc);
            bins.add(m);
        }
        return new Reliability(gold.length == 0 ? Double.NaN : ece, gold.length == 0 ? Double.NaN : nll / gold.length,
                bins);
    }
}
