package io.llmq.submitter.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks every line of a batch input file before anything is enqueued. The file is read as a
 * stream, one line at a time; only the set of {@code custom_id}s is kept, so memory grows with the
 * number of requests, not with their size. Run it once to judge the file, and again with a sink
 * to enqueue it: the second pass applies the same checks, so nothing unchecked can slip through.
 */
public final class BatchValidator {
    public static final int MAX_LISTED_ERRORS = 1000;
    static final int MAX_CUSTOM_ID_LENGTH = 512;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private final Catalogue catalogue;
    private final String endpoint;
    private final int maxRequests;

    public BatchValidator(Catalogue catalogue, String endpoint, int maxRequests) {
        this.catalogue = catalogue;
        this.endpoint = endpoint;
        this.maxRequests = maxRequests;
    }

    public ValidationReport validate(InputStream jsonl, Consumer<ValidLine> sink) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(jsonl, StandardCharsets.UTF_8), 1 << 16);
        Set<String> customIds = new HashSet<>();
        List<LineError> errors = new ArrayList<>();
        int errorCount = 0;
        int valid = 0;
        int lineNo = 0;
        String firstModel = null;
        String text;
        while ((text = reader.readLine()) != null) {
            lineNo++;
            if (text.isBlank()) {
                continue;
            }
            var result = check(lineNo, text, customIds);
            if (result instanceof LineError error) {
                errorCount++;
                if (errors.size() < MAX_LISTED_ERRORS) {
                    errors.add(error);
                }
            } else if (result instanceof ValidLine line) {
                valid++;
                firstModel = firstModel == null ? line.model() : firstModel;
                sink.accept(line);
            }
        }
        if (valid + errorCount == 0) {
            errors.add(new LineError(1, "empty_file", null, "The input file has no requests."));
            errorCount++;
        } else if (valid + errorCount > maxRequests) {
            errors.add(0, new LineError(lineNo, "too_many_requests", null, "The input file has " + (valid + errorCount)
                    + " requests; this llmq accepts at most " + maxRequests + " per batch (LLMQ_MAX_BATCH_REQUESTS)."));
            errorCount++;
        }
        return new ValidationReport(valid, List.copyOf(errors), errorCount, firstModel);
    }

    private Object check(int lineNo, String text, Set<String> customIds) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new LineError(lineNo, "invalid_json", null, "Line " + lineNo + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode request)) {
            return new LineError(lineNo, "invalid_request", null, "Line " + lineNo + " must be a JSON object.");
        }
        var customId = request.get("custom_id");
        if (customId == null || !customId.isTextual() || customId.asText().isEmpty()) {
            return new LineError(lineNo, "missing_custom_id", "custom_id", "Line " + lineNo + ": custom_id must be a non-empty string.");
        }
        if (customId.asText().length() > MAX_CUSTOM_ID_LENGTH) {
            return new LineError(lineNo, "invalid_custom_id", "custom_id", "Line " + lineNo + ": custom_id is longer than " + MAX_CUSTOM_ID_LENGTH + " characters.");
        }
        if (!"POST".equals(request.path("method").asText())) {
            return new LineError(lineNo, "invalid_method", "method", "Line " + lineNo + ": method must be \"POST\".");
        }
        if (!endpoint.equals(request.path("url").asText())) {
            return new LineError(lineNo, "mismatched_url", "url", "Line " + lineNo + ": url must be the batch's endpoint \"" + endpoint + "\", got \"" + request.path("url").asText() + "\".");
        }
        if (!(request.get("body") instanceof ObjectNode body)) {
            return new LineError(lineNo, "invalid_body", "body", "Line " + lineNo + ": body must be a JSON object.");
        }
        var bodyError = checkBody(lineNo, body);
        if (bodyError != null) {
            return bodyError;
        }
        if (!customIds.add(customId.asText())) {
            return new LineError(lineNo, "duplicate_custom_id", "custom_id", "Line " + lineNo + ": custom_id \"" + customId.asText() + "\" is used by an earlier line; custom_id must be unique in a batch.");
        }
        return new ValidLine(lineNo, customId.asText(), body.get("model").asText(), body);
    }

    private LineError checkBody(int lineNo, ObjectNode body) {
        var modelNode = body.get("model");
        if (modelNode == null || !modelNode.isTextual()) {
            return new LineError(lineNo, "missing_model", "body.model", "Line " + lineNo + ": body.model must be a string.");
        }
        var model = catalogue.model(modelNode.asText());
        if (model.isEmpty()) {
            return new LineError(lineNo, "model_not_found", "body.model", "Line " + lineNo + ": model \"" + modelNode.asText() + "\" is not in this llmq's catalogue (GET /v1/models lists them).");
        }
        for (var field : List.of("max_tokens", "max_completion_tokens")) {
            var limit = body.get(field);
            if (limit == null || limit.isNull()) {
                continue;
            }
            if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1) {
                return new LineError(lineNo, "invalid_max_tokens", "body." + field, "Line " + lineNo + ": body." + field + " must be a positive integer.");
            }
            if (limit.asInt() > model.get().maxOutputTokens()) {
                return new LineError(lineNo, "invalid_max_tokens", "body." + field, "Line " + lineNo + ": body." + field + " is " + limit.asInt()
                        + " but " + model.get().id() + " produces at most " + model.get().maxOutputTokens() + " tokens.");
            }
        }
        var messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return new LineError(lineNo, "invalid_messages", "body.messages", "Line " + lineNo + ": body.messages must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i);
            var role = message.path("role").asText(null);
            if (!message.isObject() || role == null || !ROLES.contains(role)) {
                return new LineError(lineNo, "invalid_messages", "body.messages[" + i + "].role", "Line " + lineNo + ": body.messages[" + i + "].role must be one of " + ROLES + ".");
            }
            var content = message.get("content");
            var contentOk = content != null && (content.isTextual() || content.isArray()
                    || (content.isNull() && "assistant".equals(role)));
            if (!contentOk) {
                return new LineError(lineNo, "invalid_messages", "body.messages[" + i + "].content", "Line " + lineNo + ": body.messages[" + i + "].content must be a string or an array of content parts.");
            }
        }
        if (body.has("stream") && body.get("stream").asBoolean(false)) {
            return new LineError(lineNo, "invalid_body", "body.stream", "Line " + lineNo + ": body.stream cannot be true in a batch.");
        }
        return null;
    }
}
