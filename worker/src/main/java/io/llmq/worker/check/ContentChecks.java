package io.llmq.worker.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import io.llmq.schema.Json;
import io.llmq.schema.output.JsonSchemas;
import io.llmq.schema.output.ResponseFormat;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an answer's content against the request's {@code response_format}: it must parse as
 * JSON (an object for {@code json_object}), then fit the JSON Schema. Compiled schemas are kept by
 * their text, since the lines of a batch usually share one.
 */
final class ContentChecks {
    static final String JSON_SCHEMA = "json_schema";
    static final String JSON_OBJECT = "json_object";
    private static final int KEEP = 256;
    private static final int QUOTE = 200;

    private final Map<String, Schema> compiled = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > KEEP;
        }
    });

    /** The check's result, and whether a failure is one of parsing (else of the schema). */
    record Checked(CheckResult result, boolean unparsable) {
    }

    Checked check(ResponseFormat format, String content) {
        var name = format instanceof ResponseFormat.JsonSchema ? JSON_SCHEMA : JSON_OBJECT;
        if (content == null) {
            return new Checked(CheckResult.fail(name, "the answer has no text content"), true);
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(content);
        } catch (IOException e) {
            return new Checked(CheckResult.fail(name, "the content is not JSON: " + quote(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())), true);
        }
        if (parsed == null || parsed.isMissingNode()) {
            return new Checked(CheckResult.fail(name, "the content is empty, not JSON"), true);
        }
        if (format instanceof ResponseFormat.JsonSchema schema) {
            List<String> violations;
            try {
                violations = JsonSchemas.violations(schemaOf(schema.schema()), parsed);
            } catch (RuntimeException e) {
                // the door refuses schemas it cannot apply; one that slipped through fails the check, not the worker
                return new Checked(CheckResult.fail(name, "the schema could not be applied: " + quote(String.valueOf(e.getMessage()))), false);
            }
            return violations.isEmpty() ? new Checked(CheckResult.pass(name), false)
                    : new Checked(CheckResult.fail(name, quote(String.join("; ", violations))), false);
        }
        return parsed.isObject() ? new Checked(CheckResult.pass(name), false)
                : new Checked(CheckResult.fail(name, "the content is JSON but not an object"), true);
    }

    private Schema schemaOf(JsonNode schema) {
        return compiled.computeIfAbsent(Json.toText(schema), text -> JsonSchemas.compile(schema));
    }

    private static String quote(String text) {
        return text == null || text.length() <= QUOTE ? text : text.substring(0, QUOTE - 3) + "...";
    }
}
