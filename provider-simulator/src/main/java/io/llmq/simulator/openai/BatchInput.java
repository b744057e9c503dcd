package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.simulator.batch.BatchLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads a batch input file: JSONL, one {@code {"custom_id", "method": "POST", "url", "body"}} per line,
 * every {@code url} the batch's endpoint, {@code custom_id}s unique, at most 50,000 lines. A file that
 * breaks these rules fails the whole batch (its {@code errors.data} name the 1-based line); a body the
 * endpoint would refuse alone fails only its line, in the error file, as at OpenAI.
 */
final class BatchInput {
    static final int MAX_REQUESTS = 50_000;

    /** The endpoints whose lines the engine answers, with their parser and answer body. */
    record Endpoint(PromptHandler.Parser parser, PromptHandler.AnswerBody answer) {
    }

    static final Map<String, Endpoint> ENDPOINTS = Map.of(
            OpenAiWireFormat.CHAT_COMPLETIONS_PATH, new Endpoint(ChatRequestParser::parse, ChatCompletionResponse::answer),
            OpenAiWireFormat.RESPONSES_PATH, new Endpoint(ResponsesRequestParser::parse, ResponsesAnswer::body),
            OpenAiWireFormat.COMPLETIONS_PATH, new Endpoint(CompletionsRequestParser::parse, TextCompletionAnswer::body));

    /** One {@code errors.data} entry of a failed batch. */
    record LineError(String code, String message, String param, Integer line) {
        ObjectNode toJson() {
            var error = OpenAiJson.MAPPER.createObjectNode();
            error.put("code", code);
            error.put("message", message);
            error.put("param", param);
            error.put("line", line);
            return error;
        }
    }

    /** The lines to run, or the errors that fail the batch; {@code model} is the first line's. */
    record Read(List<BatchLine> lines, List<LineError> errors, String model) {
    }

    private BatchInput() {
    }

    static Read read(byte[] file, String endpoint, Clock clock) {
        var lines = new ArrayList<BatchLine>();
        var errors = new ArrayList<LineError>();
        var ids = new HashSet<String>();
        String model = null;
        var text = new String(file, StandardCharsets.UTF_8).split("\n", -1);
        var number = 0;
        for (var raw : text) {
            number++;
            if (raw.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = OpenAiJson.MAPPER.readTree(raw);
            } catch (IOException e) {
                line = null;
            }
            if (line == null || !line.isObject()) {
                errors.add(new LineError("invalid_json_line", "This line is not parseable as valid JSON.", null, number));
                continue;
            }
            var customId = line.path("custom_id").asText("");
            var body = line.get("body");
            if (customId.isBlank() || !line.path("url").isTextual() || body == null || !body.isObject()) {
                errors.add(new LineError("missing_required_parameter", "Each line needs custom_id, method, url and an object body.",
                        customId.isBlank() ? "custom_id" : body == null || !body.isObject() ? "body" : "url", number));
                continue;
            }
            if (!"POST".equals(line.path("method").asText("POST"))) {
                errors.add(new LineError("invalid_method", "The method must be POST.", "method", number));
            }
            if (!endpoint.equals(line.path("url").asText())) {
                errors.add(new LineError("mismatched_endpoint", "The url '" + line.path("url").asText()
                        + "' does not match the batch's endpoint '" + endpoint + "'.", "url", number));
                continue;
            }
            if (!ids.add(customId)) {
                errors.add(new LineError("duplicate_custom_id", "The custom_id '" + customId + "' is used more than once.",
                        "custom_id", number));
                continue;
            }
            model = model == null ? body.path("model").asText(null) : model;
            lines.add(line(customId, body, ENDPOINTS.get(endpoint), clock));
        }
        if (lines.isEmpty() && errors.isEmpty()) {
            errors.add(new LineError("empty_file", "The input file holds no request.", null, null));
        }
        if (lines.size() > MAX_REQUESTS) {
            errors.add(new LineError("too_many_requests", "A batch may hold at most " + MAX_REQUESTS + " requests, the file holds "
                    + lines.size() + ".", null, null));
        }
        return new Read(lines, errors, model);
    }

    private static BatchLine line(String customId, JsonNode body, Endpoint endpoint, Clock clock) {
        return switch (endpoint.parser().parse(OpenAiJson.bytes(body))) {
            case ParsedRequest.Invalid(var error) -> BatchLine.refused(customId, error.status(), error.code(), error.message());
            case ParsedRequest.Valid valid -> BatchLine.served(customId, valid.prompt(), valid.format(),
                    completion -> tree(endpoint.answer().body(clock.instant().getEpochSecond(), valid, completion)));
        };
    }

    private static JsonNode tree(byte[] body) {
        try {
            return OpenAiJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the simulator wrote an answer it cannot read back", e);
        }
    }
}
