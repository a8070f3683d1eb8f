package io.livepulse.models.sentiment;

/**
 * A scored text.
 *
 * @param label the class
 * @param score P(positive) - P(negative), in [-1, 1]
 */
public record Sentiment(SentimentLabel label, double score) {}
