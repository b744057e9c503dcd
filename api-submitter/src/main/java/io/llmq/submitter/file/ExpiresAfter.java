package io.llmq.submitter.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.submitter.http.ApiError;

/**
 * OpenAI's file expiration policy {@code {anchor: "created_at", seconds}}: the file expires
 * {@code seconds} after it was created. {@code expires_after} of an upload (multipart fields
 * {@code expires_after[anchor]} and {@code expires_after[seconds]}, as the SDKs send them) and
 * {@code output_expires_after} of a batch (a JSON object; the anchor is then the output file's
 * creation, not the batch's).
 */
public record ExpiresAfter(long seconds) {
    public static final String ANCHOR = "created_at";
    public static final long MIN_SECONDS = 3600;
    public static final long MAX_SECONDS = 2_592_000;

    /** From the two text fields of a form; null when neither was sent. {@code field} names them in errors. */
    public static ExpiresAfter ofForm(String field, String anchor, String seconds) {
        if (anchor == null && seconds == null) {
            return null;
        }
        checkAnchor(field + "[anchor]", anchor);
        if (seconds == null || seconds.isBlank()) {
            throw ApiError.invalid(field + "[seconds]", "Missing required parameter: '" + field + "[seconds]'.");
        }
        long value;
        try {
            value = Long.parseLong(seconds.trim());
        } catch (NumberFormatException e) {
            throw outOfRange(field + "[seconds]", "'" + shorten(seconds) + "'");
        }
        return checked(field + "[seconds]", value);
    }

    /** From a JSON object field; null when it is absent or null. */
    public static ExpiresAfter ofJson(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiError.invalid(field, field + " must be an object {\"anchor\": \"created_at\", \"seconds\": <3600..2592000>}.");
        }
        var anchor = node.get("anchor");
        if (anchor != null && !anchor.isNull() && !anchor.isTextual()) {
            throw ApiError.invalid(field + ".anchor", field + ".anchor must be the string '" + ANCHOR + "'.");
        }
        checkAnchor(field + ".anchor", anchor == null || anchor.isNull() ? null : anchor.asText());
        var seconds = node.get("seconds");
        if (seconds == null || seconds.isNull()) {
            throw ApiError.invalid(field + ".seconds", "Missing required parameter: '" + field + ".seconds'.");
        }
        if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
            throw outOfRange(field + ".seconds", seconds.toString());
        }
        return checked(field + ".seconds", seconds.asLong());
    }

    private static void checkAnchor(String param, String anchor) {
        if (anchor == null || anchor.isBlank()) {
            throw ApiError.invalid(param, "Missing required parameter: '" + param + "' (the only anchor is '" + ANCHOR + "').");
        }
        if (!ANCHOR.equals(anchor.trim())) {
            throw ApiError.invalid(param, param + " must be '" + ANCHOR + "', got '" + shorten(anchor) + "'.");
        }
    }

    private static ExpiresAfter checked(String param, long seconds) {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw outOfRange(param, Long.toString(seconds));
        }
        return new ExpiresAfter(seconds);
    }

    private static ApiError outOfRange(String param, String got) {
        return ApiError.invalid(param, param + " must be an integer number of seconds between " + MIN_SECONDS + " (1 hour) and "
                + MAX_SECONDS + " (30 days), got " + got + ".");
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
