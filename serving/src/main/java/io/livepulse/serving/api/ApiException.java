package io.livepulse.serving.api;

/** Ends a request with an HTTP status and an {@link ApiError} body. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ApiError body;

    public ApiException(int status, String error, String field, String reason) {
        super(error + (field == null ? "" : " " + field) + ": " + reason, null, false, false);
        this.status = status;
        this.body = new ApiError(error, field, reason);
    }

    /** 400 for a parameter or body field that is missing or invalid. */
    public static ApiException badRequest(String field, String reason) {
        return new ApiException(400, "bad_request", field, reason);
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return body;
    }
}
