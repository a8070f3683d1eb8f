package io.livepulse.models.sentiment;

/** Scores one text; implementations are immutable and thread-safe. */
public interface SentimentScorer {

    Sentiment score(String text);
}
