package io.livepulse.notebooks;

/** A feature table is missing or cannot be read; the message says which file and why. */
public final class FeatureTableException extends RuntimeException {
    public FeatureTableException(String message) {
        super(message);
    }

    public FeatureTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
