package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.submitter.http.ApiError;

/** Type checks for the catalogue's admin fields: each refusal names the field and what it takes. */
final class CatalogueFields {

    private CatalogueFields() {
    }

    static boolean bool(JsonNode value, String field) {
        if (!value.isBoolean()) {
            throw ApiError.invalid(field, "'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    static long whole(JsonNode value, String field, long min, long max) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw ApiError.invalid(field, "'" + field + "' must be a whole number from " + min + " to " + max
                    + (field.endsWith("weight") ? " (0 makes the deployment a standby of the pool)." : "."));
        }
        return value.asLong();
    }

    static String text(JsonNode value, String field, int maxLength) {
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            throw ApiError.invalid(field, "'" + field + "' must be a non-empty string of at most " + maxLength + " characters.");
        }
        return value.asText();
    }

    /** The value of a field that may be absent or null (the caller skips those). */
    static boolean given(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    static String shorten(String text) {
        return io.llmq.submitter.http.Params.shorten(text);
    }
}
