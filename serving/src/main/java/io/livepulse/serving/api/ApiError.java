package io.livepulse.serving.api;

/** The JSON body of every error answer: {@code {error, field, reason}}; {@code field} is null when no field is at fault. */
public record ApiError(String error, String field, String reason) {}
