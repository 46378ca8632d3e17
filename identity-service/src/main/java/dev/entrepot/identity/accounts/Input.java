package dev.entrepot.identity.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Checks;
import dev.entrepot.platform.api.FieldError;

/** Reads the fields of identity's own request bodies, collecting every problem before refusing. */
public final class Input {

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    public Input(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        this.body = body;
    }

    /** A text field; null when absent (an error when required). */
    public String text(String field, boolean required, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(FieldError.of(field, field + " is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(FieldError.of(field, field + " must be a string"));
            return null;
        }
        String text = value.textValue();
        String problem = Checks.textProblem(text);
        if (problem != null) {
            errors.add(FieldError.of(field, field + " " + problem));
            return null;
        }
        if (required && text.isBlank()) {
            errors.add(FieldError.of(field, field + " must not be empty"));
        } else if (text.length() > maxLength) {
            errors.add(FieldError.of(field, field + " must be at most " + maxLength + " characters"));
        }
        return text;
    }

    /** A text field that must be one of {@code allowed}; {@code fallback} when absent. */
    public String oneOf(String field, Set<String> allowed, String fallback) {
        String value = text(field, false, 100);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            errors.add(FieldError.of(field, field + " must be one of " + String.join(", ", new TreeSet<>(allowed))));
        }
        return value;
    }

    /** A boolean field; null when absent. */
    Boolean bool(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(FieldError.of(field, field + " must be true or false"));
            return null;
        }
        return value.booleanValue();
    }

    /** A whole number between min and max; null when absent or null. */
    public Long number(String field, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
            errors.add(FieldError.of(field, field + " must be a whole number from " + min + " to " + max));
            return null;
        }
        return value.asLong();
    }

    /** Refuses fields this endpoint does not know, so a typo is not silently ignored. */
    public Input only(String... fields) {
        Set<String> known = Set.of(fields);
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(FieldError.of(name, "Unknown field " + name));
            }
        });
        return this;
    }

    public void problem(String field, String message) {
        errors.add(FieldError.of(field, message));
    }

    /** Throws the 422 with every problem found, if any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
