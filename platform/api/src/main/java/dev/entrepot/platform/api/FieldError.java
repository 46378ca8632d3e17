package dev.entrepot.platform.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem in a request: the field (or parameter) it concerns, what is wrong, and for bulk requests
 * the index of the item in {@code data}. {@code status} is the status this problem alone would have
 * had; a bulk refusal uses it to choose its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(Integer index, String field, String message, @JsonIgnore int status) {

    public static FieldError of(String field, String message) {
        return new FieldError(null, field, message, 422);
    }

    public static FieldError conflict(String field, String message) {
        return new FieldError(null, field, message, 409);
    }

    public FieldError at(int itemIndex) {
        return new FieldError(itemIndex, field, message, status);
    }
}
