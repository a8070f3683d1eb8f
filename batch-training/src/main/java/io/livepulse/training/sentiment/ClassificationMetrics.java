package io.livepulse.training.sentiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy, macro-F1 and the confusion matrix of predictions against gold labels.
 *
 * @param confusion rows = gold class, columns = predicted class
 */
public record ClassificationMetrics(int examples, double accuracy, double macroF1, long[][] confusion) {

    /**
     * The metrics of the short-text slice: the examples whose text ({@code textOf(i)}) is at most
     * {@link SentimentTraining#SHORT_TEXT_CHARS} code points long.
     */
    public static ClassificationMetrics ofShortTexts(int numClasses, int[] gold, int[] predicted,
            java.util.function.IntFunction<String> textOf) {
        int[] selected = java.util.stream.IntStream.range(0, gold.length).filter(i -> {
            String text = textOf.apply(i);
            return text.codePointCount(0, text.length()) <= SentimentTraining.SHORT_TEXT_CHARS;
        }).toArray();
        return of(numClasses, java.util.Arrays.stream(selected).map(i -> gold[i]).toArray(),
                java.util.Arrays.stream(selected).map(i -> predicted[i]).toArray());
    }

    /** The predicted class of class probabilities: the index of the largest (the first of equal ones). */
    public static int argMax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    public static ClassificationMetrics of(int numClasses, int[] gold, int[] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException(gold.length + " gold labels but " + predicted.length + " predictions");
        }
        long[][] cm = new long[numClasses][numClasses];
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            cm[gold[i]][predicted[i]]++;
            if (gold[i] == predicted[i]) {
                correct++;
            }
        }
        double f1Sum = 0;
        for (int k = 0; k < numClasses; k++) {
            long tp = cm[k][k];
            long fp = 0;
            long fn = 0;
            for (int j = 0; j < numClasses; j++) {
                if (j != k) {
                    fp += cm[j][k];
                    fn += cm[k][j];
                }
            }
            f1Sum += tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return new ClassificationMetrics(gold.length, gold.length == 0 ? Double.NaN : (double) correct / gold.length,
                f1Sum / numClasses, cm);
    }

    /** The accuracy of always answering the most frequent gold class (the rows of {@link #confusion} are gold). */
    public double majorityShare() {
        long majority = 0;
        for (long[] row : confusion) {
            long sum = 0;
            for (long v : row) {
                sum += v;
            }
            majority = Math.max(majority, sum);
        }
        return examples == 0 ? 0.0 : (double) majority / examples;
    }

    /** Recall of each class, averaged with equal weight (TweetEval's metric); a class with no gold rows counts 0. */
    public double macroRecall() {
        double sum = 0;
        for (int k = 0; k < confusion.length; k++) {
            long gold = 0;
            for (long v : confusion[k]) {
                gold += v;
            }
            sum += gold == 0 ? 0.0 : (double) confusion[k][k] / gold;
        }
        return sum / confusion.length;
    }

    /** F1 of each class weighted by its share of gold rows (MELD's metric). */
    public double weightedF1() {
        double sum = 0;
        for (int k = 0; k < confusion.length; k++) {
            long tp = confusion[k][k];
            long gold = 0;
            long predicted = 0;
            for (int j = 0; j < confusion.length; j++) {
                gold += confusion[k][j];
                predicted += confusion[j][k];
            }
            double f1 = tp == 0 ? 0.0 : 2.0 * tp / (gold + predicted);
            sum += f1 * gold;
        }
        return examples == 0 ? Double.NaN : sum / examples;
    }

    /** JSON-friendly form for manifest.json and metrics.json. */
    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("examples", examples);
        m.put("accuracy", accuracy);
        m.put("macroF1", macroF1);
        m.put("macroRecall", macroRecall());
        m.put("weightedF1", weightedF1());
        var rows = new ArrayList<List<Long>>();
        for (long[] row : confusion) {
            var r = new ArrayList<Long>();
            for (long v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        m.put("confusion", rows);
        return m;
    }
}
