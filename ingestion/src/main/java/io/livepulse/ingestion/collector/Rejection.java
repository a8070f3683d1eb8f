package io.livepulse.ingestion.collector;

/**
 * Why one event was refused: a metric-friendly {@code category}, the {@code field} to blame (null when the
 * whole input is at fault) and a human {@code reason}.
 */
public record Rejection(String category, String field, String reason) {
    public static final String INVALID_JSON = "invalid_json";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String MISSING_FIELD = "missing_field";
    public static final String UNKNOWN_FIELD = "unknown_field";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String TOO_LONG = "too_long";
    public static final String FUTURE_TIME = "future_time";
    public static final String TOO_MANY_EVENTS = "too_many_events";

    /** Classifies a rejection from {@code EventJson} by its reason text. */
    static Rejection fromEventJson(String field, String reason) {
        String category;
        if (reason.startsWith("body is not valid JSON") || reason.startsWith("body is empty")) {
            category = INVALID_JSON;
        } else if (reason.startsWith("unknown event type") || "type".equals(field)) {
            category = UNKNOWN_TYPE;
        } else if (reason.equals("is required")) {
            category = MISSING_FIELD;
        } else if (reason.startsWith("is not a field")) {
            category = UNKNOWN_FIELD;
        } else {
            category = WRONG_TYPE;
        }
        return new Rejection(category, field, reason);
    }

    /** {@code "field: reason"}, or the reason alone. */
    public String message() {
        return field == null ? reason : field + ": " + reason;
    }
}
