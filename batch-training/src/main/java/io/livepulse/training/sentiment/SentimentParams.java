package io.livepulse.training.sentiment;

/**
 * Training parameters of the TF-IDF baselines.
 *
 * @param numFeatures hashing buckets
 * @param regParam L2 strength of logistic regression; the default 0.001 (unstandardised) won on the validation
 *     cuts of Twitch, ChnSentiCorp and SST-2 dev against 0.01 standardised and 0.0001 (docs/evaluation.md)
 * @param maxIter L-BFGS iterations of logistic regression
 * @param smoothing additive smoothing of naive Bayes
 * @param neutralBand two-class models call |P(pos) - P(neg)| below this NEUTRAL when scoring chat
 * @param maxTrain at most this many training rows per corpus, 0 = all (small runs in tests)
 * @param standardize whether logistic regression standardises features before applying the L2 penalty
 * @param validation evaluate on a validation cut of the training split instead of the test split (tuning);
 *     nothing is registered then
 */
public record SentimentParams(int numFeatures, double regParam, int maxIter, double smoothing, double neutralBand,
        int maxTrain, boolean standardize, boolean validation) {

    public static SentimentParams defaults() {
        return new SentimentParams(1 << 18, 0.001, 100, 0.2, 0.3, 0, false, false);
    }
}
