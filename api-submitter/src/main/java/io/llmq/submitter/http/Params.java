package io.llmq.submitter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reading query parameters and JSON bodies so that every malformed value ends as a 400 naming the
 * parameter, never as a 500 from a {@code NumberFormatException} deep in a handler.
 */
public final class Params {
    /** Longer ids and cursors than this are not ids: refused before they reach a query. */
    public static final int MAX_ID_LENGTH = 256;

    private Params() {
    }

    public static int intQuery(Context ctx, String name, int fallback, int min, int max) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            var value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw ApiError.invalid(name, name + " must be between " + min + " and " + max + ", got " + value + ".");
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiError.invalid(name, name + " must be a whole number between " + min + " and " + max + ", got '" + shorten(text) + "'.");
        }
    }

    /** An optional id-like query parameter (a cursor); null when absent. */
    public static String idQuery(Context ctx, String name) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_ID_LENGTH) {
            throw ApiError.invalid(name, name + " is longer than " + MAX_ID_LENGTH + " characters.");
        }
        if (!storable(text)) {
            throw ApiError.invalid(name, name + " contains control characters.");
        }
        return text.trim();
    }

    /** A path id; an id too long to be one of ours cannot exist, so it is simply not found. */
    public static String pathId(Context ctx, String what) {
        var id = ctx.pathParam("id");
        if (id.length() > MAX_ID_LENGTH || !storable(id)) {
            throw ApiError.notFound(what, shorten(id.replaceAll("\\p{Cntrl}", "?")));
        }
        return id;
    }

    /** The body as JSON; an empty or unparsable body is a 400, one over {@link RequestBody#MAX_SMALL_JSON_BYTES} a 413. */
    public static JsonNode jsonBody(Context ctx) throws IOException {
        return jsonObject(RequestBody.bytes(ctx, RequestBody.MAX_SMALL_JSON_BYTES));
    }

    /** As {@link #jsonBody}, but an empty body is an empty object. */
    public static JsonNode optionalJsonBody(Context ctx) throws IOException {
        return optionalJsonObject(RequestBody.bytes(ctx, RequestBody.MAX_SMALL_JSON_BYTES));
    }

    /** A body already read (to hash it for {@code Idempotency-Key}) as a JSON object; blank is an empty object. */
    public static JsonNode optionalJsonObject(byte[] bytes) throws IOException {
        return new String(bytes, StandardCharsets.UTF_8).isBlank() ? RequestJson.MAPPER.createObjectNode() : jsonObject(bytes);
    }

    private static JsonNode jsonObject(byte[] bytes) throws IOException {
        var node = RequestJson.MAPPER.readTree(bytes);
        if (node == null || node.isMissingNode()) {
            throw ApiError.invalid(null, "The request body is empty; send a JSON object.");
        }
        if (!node.isObject()) {
            throw ApiError.invalid(null, "The request body must be a JSON object.");
        }
        return node;
    }

    /**
     * An enum-like value ({@code priority}, {@code group_by}), stripped of surrounding whitespace
     * and lower-cased. Not {@code trim()}: it drops every character up to U+0020 at the ends,
     * so {@code "high\u0000"} would have passed as {@code high}. Any control character is a 400.
     */
    public static String keyword(String text, String name) {
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.invalid(name, name + " must not contain control characters.");
        }
        return text.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * False for text PostgreSQL cannot store in a {@code text} or {@code jsonb} column: it refuses
     * the NUL character outright. Everything a request puts into such a column goes through here,
     * so that a NUL is a 400 at the door, not a 500 (or, worse, a poison outcome in a worker).
     */
    public static boolean storable(String text) {
        return text.indexOf('\u0000') < 0;
    }

    public static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
