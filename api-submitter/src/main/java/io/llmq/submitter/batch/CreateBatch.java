package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Priority;
import io.llmq.schema.output.OutputOptions;
import io.llmq.schema.route.Route;
import io.llmq.submitter.file.ExpiresAfter;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.validate.BatchValidator;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A checked {@code POST /v1/batches} body. OpenAI accepts only {@code "24h"} as completion window;
 * llmq also takes {@code <n>m}, {@code <n>h} and {@code <n>d} (1 minute to 7 days). The input is
 * either an uploaded file ({@code input_file_id}) or, as an llmq extension, the requests inline
 * ({@code requests: [{custom_id, method, url, body}]}), which become a stored file of their own.
 *
 * @param inputFileId null when the requests came inline
 * @param inline      the inline requests as JSONL, one per line in order; null for a file
 * @param outputExpiresAfter when the output and error files expire after they are made; null: never
 */
public record CreateBatch(String inputFileId, byte[] inline, String endpoint, String completionWindow, Duration window,
                          ObjectNode metadata, Priority priority, ExpiresAfter outputExpiresAfter) {
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})([mhd])");
    private static final Duration MAX_WINDOW = Duration.ofDays(7);
    static final int MAX_METADATA_PAIRS = 16;
    static final int MAX_METADATA_KEY = 64;
    static final int MAX_METADATA_VALUE = 512;

    public static CreateBatch parse(InlineRequests body) {
        var fields = body.fields();
        if (fields.has("requests") && !fields.get("requests").isNull()) {
            throw ApiError.invalid("requests", "requests must be a non-empty array of {custom_id, method, url, body}.");
        }
        var hasFile = fields.hasNonNull("input_file_id");
        if (body.jsonl() != null && hasFile) {
            throw ApiError.invalid("requests", "Give either input_file_id or requests, not both.");
        }
        if (body.jsonl() != null && body.requests() == 0) {
            throw ApiError.invalid("requests", "requests must be a non-empty array of {custom_id, method, url, body}.");
        }
        var inputFileId = body.jsonl() == null ? requiredText(fields, "input_file_id") : null;
        var endpoint = requiredText(fields, "endpoint");
        if (!BatchValidator.ENDPOINTS.contains(endpoint)) {
            throw ApiError.invalid("endpoint", "endpoint '" + shorten(endpoint) + "' is not supported; use one of " + BatchValidator.ENDPOINTS + ".");
        }
        var windowText = requiredText(fields, "completion_window");
        var priority = parsePriority(fields.get("priority"));
        return new CreateBatch(inputFileId, body.jsonl(), endpoint, windowText, window(windowText), metadata(fields.get("metadata")), priority,
                ExpiresAfter.ofJson("output_expires_after", fields.get("output_expires_after")));
    }

    /**
     * A batch llmq makes from another batch's lines (a retry): its lines come as a {@link BatchInput},
     * and its window is checked as a create's is.
     */
    public static CreateBatch derived(String endpoint, String completionWindow, ObjectNode metadata, Priority priority,
                                      ExpiresAfter outputExpiresAfter) {
        return new CreateBatch(null, null, endpoint, completionWindow, window(completionWindow), metadata, priority,
                outputExpiresAfter);
    }

    public static String requiredText(JsonNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.invalid(field, "Missing required parameter: '" + field + "'.");
        }
        if (!node.isTextual() || node.asText().isBlank() || !Params.storable(node.asText())) {
            throw ApiError.invalid(field, "'" + field + "' must be a non-empty string without NUL characters.");
        }
        return node.asText();
    }

    private static Duration window(String text) {
        var m = WINDOW.matcher(text);
        if (!m.matches()) {
            throw ApiError.invalid("completion_window", "completion_window must look like '24h' (llmq also accepts minutes 'm' and days 'd'), got '"
                    + shorten(text) + "'.");
        }
        var amount = Long.parseLong(m.group(1));
        var window = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw ApiError.invalid("completion_window", "completion_window must be between 1m and 7d, got '" + text + "'.");
        }
        return window;
    }

    public static ObjectNode metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!(node instanceof ObjectNode metadata)) {
            throw ApiError.invalid("metadata", "metadata must be an object of string values.");
        }
        if (metadata.size() > MAX_METADATA_PAIRS) {
            throw ApiError.invalid("metadata", "metadata has " + metadata.size() + " keys; at most " + MAX_METADATA_PAIRS + " are allowed.");
        }
        for (var entry : metadata.properties()) {
            if (entry.getKey().length() > MAX_METADATA_KEY) {
                throw ApiError.invalid("metadata", "metadata key '" + entry.getKey().substring(0, 20) + "...' is longer than " + MAX_METADATA_KEY + " characters.");
            }
            if (!Params.storable(entry.getKey())) {
                throw ApiError.invalid("metadata", "metadata keys must not contain NUL characters.");
            }
            if (!entry.getValue().isTextual() || entry.getValue().asText().length() > MAX_METADATA_VALUE
                    || !Params.storable(entry.getValue().asText())) {
                throw ApiError.invalid("metadata", "metadata values must be strings of at most " + MAX_METADATA_VALUE
                        + " characters, without NUL characters.");
            }
        }
        for (var option : List.of(OutputOptions.ON_LENGTH, OutputOptions.ON_INVALID)) {
            var value = metadata.get(option);
            if (value != null && OutputOptions.Reaction.parse(value.asText()) == null) {
                throw ApiError.invalid("metadata." + option, "metadata." + option + " must be keep, retry or fail; got '"
                        + shorten(value.asText()) + "'.");
            }
        }
        var route = metadata.get(Route.METADATA_KEY);
        if (route != null && Route.parse(route.asText()).isEmpty()) {
            throw ApiError.invalid("metadata." + Route.METADATA_KEY, "metadata." + Route.METADATA_KEY + " must be one of "
                    + Route.choices() + "; got '" + shorten(route.asText()) + "'.");
        }
        return metadata;
    }

    public static Priority parsePriority(JsonNode node) {
        if (node == null || node.isNull()) {
            return Priority.NORMAL;
        }
        if (!node.isTextual()) {
            throw ApiError.invalid("priority", "priority must be one of high, normal, low.");
        }
        try {
            return Priority.parse(Params.keyword(node.asText(), "priority"));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("priority", "priority must be one of high, normal, low; got '" + shorten(node.asText()) + "'.");
        }
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
