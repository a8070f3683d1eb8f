package io.livepulse.schemas;

/** Bytes that are not a LivePulse record; the message says why, in words fit for a dead-letter reason. */
public final class AvroCodecException extends RuntimeException {
    public AvroCodecException(String message) {
        super(message);
    }
}
