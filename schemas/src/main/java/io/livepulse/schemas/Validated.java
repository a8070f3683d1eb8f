package io.livepulse.schemas;

/**
 * The outcome of checking one input: the decoded value, or the reason it was refused together with the
 * bytes as received, so a rejected input can go to the dead-letter topic whole.
 */
public sealed interface Validated<T> {

    record Valid<T>(T value) implements Validated<T> {}

    /** {@code field} is null when no single field is to blame (e.g. the body is not JSON). */
    record Rejected<T>(String field, String reason, byte[] raw) implements Validated<T> {
        /** The same rejection, seen as a rejection of another type. */
        @SuppressWarnings("unchecked")
        public <U> Rejected<U> cast() {
            return (Rejected<U>) this;
        }

        /** {@code "field: reason"}, or the reason alone. */
        public String message() {
            return field == null ? reason : field + ": " + reason;
        }
    }
}
