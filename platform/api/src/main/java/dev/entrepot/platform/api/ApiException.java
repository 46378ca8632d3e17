package dev.entrepot.platform.api;

import java.time.Duration;
import java.util.List;

/**
 * A refusal with its HTTP status, a stable {@code error_code} and, where it concerns fields or bulk
 * items, one {@link FieldError} per problem. Rendered once into the error envelope by
 * {@link ApiExceptionMappers}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final List<FieldError> errors;
    private Long retryAfterSeconds;

    public ApiException(int status, String errorCode, String message, List<FieldError> errors) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.errors = List.copyOf(errors);
    }

    public ApiException(int status, String errorCode, String message) {
        this(status, errorCode, message, List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, "bad_request", message, List.of(FieldError.of(parameter, message)));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException validation(List<FieldError> errors) {
        return new ApiException(422, "validation_failed", "Validation failed", errors);
    }

    public static ApiException validation(String field, String message) {
        return validation(List.of(FieldError.of(field, message)));
    }

    /** Sets the {@code Retry-After} of a 429 or 503: the wait in whole seconds, rounded up, at least 1. */
    public ApiException retryAfter(Duration wait) {
        this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return this;
    }

    /** Seconds to wait before trying again, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
