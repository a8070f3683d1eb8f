package io.livepulse.models.registry;

/** A model version that cannot be trusted or read; the message says why. */
public final class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
