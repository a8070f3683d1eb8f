package io.livepulse.models.sentiment;

/** The three sentiment classes; binary models never say NEUTRAL except inside their neutral band. */
public enum SentimentLabel {
    NEGATIVE,
    NEUTRAL,
    POSITIVE
}
