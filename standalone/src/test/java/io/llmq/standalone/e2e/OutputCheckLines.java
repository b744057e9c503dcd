package io.llmq.standalone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test data builder for batch lines whose answers go through output checks (response_format, token limits). */
final class OutputCheckLines {
    static final String SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["city", "rating"],
             "properties": {"city": {"type": "string"}, "rating": {"type": "integer", "minimum": 1, "maximum": 5}}}""";
    private final List<ObjectNode> lines = new ArrayList<>();

    /** A line asking for a JSON document that fits {@link #SCHEMA}; {@code strict} as the caller's ask. */
    OutputCheckLines schema(String customId, String prompt, Integer maxTokens, boolean strict) {
        return schema("gpt-4o-mini", customId, prompt, maxTokens, strict);
    }

    OutputCheckLines schema(String model, String customId, String prompt, Integer maxTokens, boolean strict) {
        var body = body(customId, prompt, maxTokens);
        body.put("model", model);
        var format = body.putObject("response_format");
        format.put("type", "json_schema");
        var spec = format.putObject("json_schema");
        spec.put("name", "rating");
        spec.put("strict", strict);
        spec.set("schema", tree(SCHEMA));
        return this;
    }

    /** A free-text line. */
    OutputCheckLines text(String customId, String prompt, int maxTokens) {
        body(customId, prompt, maxTokens);
        return this;
    }

    private ObjectNode body(String customId, String prompt, Integer maxTokens) {
        var line = Json.object();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", "/v1/chat/completions");
        var body = line.putObject("body");
        body.put("model", "gpt-4o-mini");
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        lines.add(line);
        return body;
    }

    byte[] bytes() {
        var text = new StringBuilder();
        for (var line : lines) {
            text.append(Json.toText(line)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode tree(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
