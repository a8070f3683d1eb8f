package io.livepulse.serving.store;

/** The feature store backend failed (disk, connection); the message names the operation. */
public final class FeatureStoreException extends RuntimeException {
    public FeatureStoreException(String operation, Throwable cause) {
        super("Feature store " + operation + " failed: " + cause.getMessage(), cause);
    }
}
