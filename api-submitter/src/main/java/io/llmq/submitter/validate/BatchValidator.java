package io.llmq.submitter.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Endpoints;
import io.llmq.schema.catalogue.ModelKind;
import io.llmq.submitter.http.InvalidTextException;
import io.llmq.submitter.http.RequestJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Checks every line of a batch input file before anything is enqueued. The file is read as a
 * stream, one line at a time; only the set of {@code custom_id}s is kept, so memory grows with the
 * number of requests, not with their size. Run it once to judge the file, and again with a sink
 * to enqueue it: the second pass applies the same checks, so nothing unchecked can slip through.
 */
public final class BatchValidator {
    public static final int MAX_LISTED_ERRORS = 1000;
    static final int MAX_CUSTOM_ID_LENGTH = 512;
    /** One request line may be this long; far above any real prompt, far below the heap. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** The endpoints a batch may target. */
    public static final List<String> ENDPOINTS = Endpoints.ALL;

    private final Catalogue catalogue;
    private final Predicate<String> priced;
    private final String endpoint;
    private final int maxRequests;
    private final BodyFields bodyFields;

    /** Models are priced as the catalogue file prices them; body fields beyond the default allow-list are refused. */
    public BatchValidator(Catalogue catalogue, String endpoint, int maxRequests) {
        this(catalogue, model -> catalogue.model(model).map(m -> m.price() != null).orElse(false), BodyFields.DEFAULT,
                endpoint, maxRequests);
    }

    /**
     * @param priced whether a model has a price in force; one answer per model for the validator's
     *               life, so that the judging pass and the enqueuing pass agree
     * @param bodyFields which body fields may be passed on to providers
     */
    public BatchValidator(Catalogue catalogue, Predicate<String> priced, BodyFields bodyFields, String endpoint, int maxRequests) {
        this.priced = priced;
        this.bodyFields = bodyFields;
        if (!ENDPOINTS.contains(endpoint)) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not one of " + ENDPOINTS);
        }
        this.catalogue = catalogue;
        this.endpoint = endpoint;
        this.maxRequests = maxRequests;
    }

    public ValidationReport validate(InputStream jsonl, Consumer<ValidLine> sink) throws IOException {
        var lines = new JsonlLines(jsonl, MAX_LINE_BYTES);
        Set<String> customIds = new HashSet<>();
        List<LineError> errors = new ArrayList<>();
        int errorCount = 0;
        int valid = 0;
        int lineNo = 0;
        long estimatedTokens = 0;
        String firstModel = null;
        while (lines.next()) {
            lineNo++;
            if (lines.blank()) {
                continue;
            }
            var result = lines.tooLong()
                    ? new LineError(lineNo, "line_too_long", null, "Line " + lineNo + " is longer than " + MAX_LINE_BYTES + " bytes.")
                    : check(lineNo, lines.bytes(), lines.length(), customIds);
            if (result instanceof LineError error) {
                errorCount++;
                if (errors.size() < MAX_LISTED_ERRORS) {
                    errors.add(error);
                }
            } else if (result instanceof ValidLine line) {
                valid++;
                estimatedTokens += line.estimatedTokens();
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
        return new ValidationReport(valid, List.copyOf(errors), errorCount, firstModel, estimatedTokens);
    }

    private Object check(int lineNo, byte[] bytes, int length, Set<String> customIds) {
        JsonNode node;
        try {
            node = RequestJson.MAPPER.readTree(bytes, 0, length);
        } catch (InvalidTextException e) {
            return new LineError(lineNo, "invalid_unicode", e.field(), "Line " + lineNo + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return new LineError(lineNo, "invalid_json", null, "Line " + lineNo + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new LineError(lineNo, "invalid_json", null, "Line " + lineNo + " is not valid JSON.");
        }
        if (!(node instanceof ObjectNode request)) {
            return new LineError(lineNo, "invalid_request", null, "Line " + lineNo + " must be a JSON object.");
        }
        var customId = request.get("custom_id");
        if (customId == null || !customId.isTextual() || customId.asText().isEmpty()) {
            return new LineError(lineNo, "missing_custom_id", "custom_id", "Line " + lineNo + ": custom_id must be a non-empty string.");
        }
        if (customId.asText().indexOf('\u0000') >= 0) {
            // PostgreSQL cannot store a NUL in text: such a line would fail its outcome's write forever
            return new LineError(lineNo, "invalid_custom_id", "custom_id", "Line " + lineNo + ": custom_id must not contain NUL characters.");
        }
        if (customId.asText().length() > MAX_CUSTOM_ID_LENGTH) {
            return new LineError(lineNo, "invalid_custom_id", "custom_id", "Line " + lineNo + ": custom_id is longer than " + MAX_CUSTOM_ID_LENGTH + " characters.");
        }
        if (!"POST".equals(request.path("method").asText())) {
            return new LineError(lineNo, "invalid_method", "method", "Line " + lineNo + ": method must be \"POST\".");
        }
        if (!endpoint.equals(request.path("url").asText())) {
            return new LineError(lineNo, "mismatched_url", "url", "Line " + lineNo + ": url must be the batch's endpoint \"" + endpoint
                    + "\", got \"" + shorten(request.path("url").asText()) + "\".");
        }
        if (!(request.get("body") instanceof ObjectNode body)) {
            return new LineError(lineNo, "invalid_body", "body", "Line " + lineNo + ": body must be a JSON object.");
        }
        var bodyError = checkBody(lineNo, body);
        if (bodyError != null) {
            return bodyError;
        }
        if (!customIds.add(customId.asText())) {
            return new LineError(lineNo, "duplicate_custom_id", "custom_id", "Line " + lineNo + ": custom_id \"" + shorten(customId.asText())
                    + "\" is used by an earlier line; custom_id must be unique in a batch.");
        }
        var tokens = EndpointBodies.estimatedInputTokens(endpoint, body);
        return new ValidLine(lineNo, customId.asText(), body.get("model").asText(), body, tokens);
    }

    private LineError checkBody(int lineNo, ObjectNode body) {
        var modelNode = body.get("model");
        if (modelNode == null || !modelNode.isTextual()) {
            return new LineError(lineNo, "missing_model", "body.model", "Line " + lineNo + ": body.model must be a string.");
        }
        var model = catalogue.model(modelNode.asText());
        if (model.isEmpty()) {
            return new LineError(lineNo, "model_not_found", "body.model", "Line " + lineNo + ": model \"" + shorten(modelNode.asText())
                    + "\" is not in this llmq's catalogue (GET /v1/models lists them).");
        }
        if (!model.get().kind().serves(endpoint)) {
            return new LineError(lineNo, "invalid_model", "body.model", "Line " + lineNo + ": model \"" + model.get().id() + "\" is "
                    + (model.get().kind() == ModelKind.EMBEDDING ? "an " : "a ") + model.get().kind().wireName() + " model; it serves "
                    + String.join(", ", model.get().kind().endpoints()) + ", not " + endpoint + ".");
        }
        if (!priced.test(model.get().id())) {
            return new LineError(lineNo, "model_not_priced", "body.model", "Line " + lineNo + ": model \"" + model.get().id()
                    + "\" has no price in force, and llmq does not run calls it cannot charge for. An operator adds one with "
                    + "POST /admin/prices (GET /v1/prices lists the priced models).");
        }
        var fieldError = bodyFields.check(lineNo, body, endpoint);
        if (fieldError != null) {
            return fieldError;
        }
        return EndpointBodies.check(endpoint, lineNo, body, model.get());
    }

    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
