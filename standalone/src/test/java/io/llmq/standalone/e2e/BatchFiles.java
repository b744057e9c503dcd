package io.llmq.standalone.e2e;

import io.llmq.schema.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test data builder for batch input files (JSONL in OpenAI's batch line format). */
final class BatchFiles {
    private final List<String> lines = new ArrayList<>();

    static BatchFiles chat(int count, String prefix) {
        var files = new BatchFiles();
        for (int i = 1; i <= count; i++) {
            files.add(prefix + "-" + i, "gpt-4o-mini", "Tell me fact number " + i + " about Kafka.", 16 + i % 32);
        }
        return files;
    }

    BatchFiles add(String customId, String model, String prompt, int maxTokens) {
        var line = Json.object();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", "/v1/chat/completions");
        var body = line.putObject("body");
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        var message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", prompt);
        lines.add(Json.toText(line));
        return this;
    }

    BatchFiles addRaw(String line) {
        lines.add(line);
        return this;
    }

    byte[] bytes() {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
