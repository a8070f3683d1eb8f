package io.livepulse.serving.model;

/** A sentiment model: labels one chat text. */
public interface TextClassifier extends ServedModel {

    /** A label ({@code negative}, {@code neutral}, {@code positive}) and the model's score for it, 0 to 1. */
    record Sentiment(String label, double score) {}

    Sentiment classify(String text);
}
