package io.livepulse.models.sentiment;

/** What every sentiment model does with its per-class outputs: normalise them, read a class and a polarity. */
final class ClassProbabilities {
    private ClassProbabilities() {}

    /** Softmax of {@code logits}, in place (shifted by the maximum, so large logits do not overflow). */
    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
        }
        for (int k = 0; k < logits.length; k++) {
            logits[k] /= sum;
        }
        return logits;
    }

    /** The most probable class (the first on ties) and the polarity. */
    static Sentiment sentiment(SentimentLabel[] classes, double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return new Sentiment(classes[best], polarity(classes, p));
    }

    /** P(positive) - P(negative), clamped to [-1, 1]. */
    static double polarity(SentimentLabel[] classes, double[] p) {
        double score = 0;
        for (int k = 0; k < classes.length; k++) {
            if (classes[k] == SentimentLabel.POSITIVE) {
                score += p[k];
            } else if (classes[k] == SentimentLabel.NEGATIVE) {
                score -= p[k];
            }
        }
        return Math.max(-1.0, Math.min(1.0, score));
    }
}
