package io.livepulse.serving.model;

/** A sentiment model: labels one chat text. */
public interface TextClassifier extends ServedModel {

    /** A label ({@code negative}, {@code neutral}, {@code positive}) and a score from -1 (negative) to 1 (positive). */
    record Sentiment(String label, double score) {}

    Sentiment classify(String text);
}
