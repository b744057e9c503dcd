package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test data builder for batch requests: as a JSONL input file, or as inline {@code requests}. */
final class Requests {
    private final List<ObjectNode> lines = new ArrayList<>();

    static Requests chat(int count, String prefix) {
        var requests = new Requests();
        for (int i = 1; i <= count; i++) {
            requests.chat(prefix + "-" + i, "gpt-4o-mini", "Tell me fact number " + i + " about queues.", 8 + i % 16);
        }
        return requests;
    }

    static Requests embeddings(int count, String prefix) {
        var requests = new Requests();
        for (int i = 1; i <= count; i++) {
            var line = requests.line(prefix + "-" + i, "/v1/embeddings");
            line.putObject("body").put("model", "text-embedding-3-small").put("input", "Sentence number " + i + " to embed.")
                    .put("dimensions", 8);
        }
        return requests;
    }

    Requests chat(String customId, String model, String prompt, int maxTokens) {
        var body = line(customId, "/v1/chat/completions").putObject("body");
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return this;
    }

    /** A Responses request with instructions and a string input. */
    Requests response(String customId, String model, String input, int maxOutputTokens) {
        var body = line(customId, "/v1/responses").putObject("body");
        body.put("model", model).put("instructions", "Answer in one sentence.").put("input", input).put("max_output_tokens", maxOutputTokens);
        return this;
    }

    Requests completion(String customId, String prompt, int maxTokens) {
        line(customId, "/v1/completions").putObject("body").put("model", "gpt-4o-mini").put("prompt", prompt).put("max_tokens", maxTokens);
        return this;
    }

    Requests moderation(String customId, String input) {
        line(customId, "/v1/moderations").putObject("body").put("model", "omni-moderation-latest").put("input", input);
        return this;
    }

    /** A line whose body is given as JSON text, for the refusals. */
    Requests raw(String customId, String url, String body) {
        try {
            line(customId, url).set("body", Json.MAPPER.readTree(body));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
        return this;
    }

    private ObjectNode line(String customId, String url) {
        var line = Json.object();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", url);
        lines.add(line);
        return line;
    }

    byte[] jsonl() {
        var text = new StringBuilder();
        lines.forEach(l -> text.append(Json.toText(l)).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    ArrayNode array() {
        var array = Json.MAPPER.createArrayNode();
        lines.forEach(array::add);
        return array;
    }

    static ObjectNode batchOf(String inputFileId, String endpoint, String window) {
        var body = Json.object();
        body.put("input_file_id", inputFileId);
        body.put("endpoint", endpoint);
        body.put("completion_window", window);
        return body;
    }
}
