package io.livepulse.notebooks;

import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.SentimentLabel;
import io.livepulse.models.sentiment.TermCounts;
import io.livepulse.models.sentiment.TextVectorizer;
import java.util.Arrays;
import java.util.List;

/**
 * Multinomial naive Bayes trained in plain Java into the project's {@link LinearSentimentModel} (the model the
 * serving and streaming scorers run), so a notebook trains and judges a sentiment classifier without Spark. Same
 * estimate as Spark MLlib's {@code NaiveBayes} (multinomial, additive smoothing) on raw term counts (IDF 1).
 */
public final class NaiveBayesSentiment {
    private NaiveBayesSentiment() {}

    /**
     * Trains on {@code texts} with their {@code labels}; the classes are the distinct labels in enum order.
     *
     * @throws IllegalArgumentException if the lists differ in length, hold fewer than two classes, or smoothing
     *     is not positive
     */
    public static LinearSentimentModel train(TextVectorizer vectorizer, List<String> texts, List<SentimentLabel> labels,
            double smoothing) {
        if (texts.size() != labels.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.size() + " labels");
        }
        if (!(smoothing > 0)) {
            throw new IllegalArgumentException("smoothing must be positive, got " + smoothing);
        }
        List<SentimentLabel> classes = labels.stream().distinct().sorted().toList();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("need at least two classes, got " + classes);
        }
        int d = vectorizer.numFeatures();
        int k = classes.size();
        var termCounts = new double[k][d];
        var docs = new double[k];
        for (int i = 0; i < texts.size(); i++) {
            int c = classes.indexOf(labels.get(i));
            docs[c]++;
            TermCounts x = vectorizer.vectorize(texts.get(i));
            for (int j = 0; j < x.size(); j++) {
                termCounts[c][x.indices()[j]] += x.counts()[j];
            }
        }
        var weights = new double[k][d];
        var priors = new double[k];
        double total = Arrays.stream(docs).sum();
        for (int c = 0; c < k; c++) {
            priors[c] = Math.log((docs[c] + smoothing) / (total + k * smoothing));
            double sum = Arrays.stream(termCounts[c]).sum() + d * smoothing;
            for (int j = 0; j < d; j++) {
                weights[c][j] = Math.log((termCounts[c][j] + smoothing) / sum);
            }
        }
        var idf = new double[d];
        Arrays.fill(idf, 1.0);
        return new LinearSentimentModel(vectorizer, LinearSentimentModel.Algorithm.NAIVE_BAYES, classes, 0.0, idf,
                weights, priors);
    }
}
