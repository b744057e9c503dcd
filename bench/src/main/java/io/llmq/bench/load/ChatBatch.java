package io.llmq.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.io.ByteArrayOutputStream;

/**
 * A batch input file of small chat jobs in OpenAI's batch line format. Each prompt starts with
 * {@code [<tag>-<n>]}, so a tap on the provider's side can tell which job a call belongs to
 * without llmq carrying any bench-specific field. The simulator answers with 5 to 60 tokens,
 * capped by {@code max_tokens}.
 */
public final class ChatBatch {
    private static final byte[] NEWLINE = {'\n'};

    private ChatBatch() {
    }

    /** Lines {@code first .. first + count - 1}, custom ids {@code <tag>-<n>}. */
    public static byte[] jsonl(String tag, int first, int count, String model, int maxTokens) {
        var out = new ByteArrayOutputStream(count * 220);
        for (int n = first; n < first + count; n++) {
            out.writeBytes(Json.toBytes(line(tag, n, model, maxTokens)));
            out.writeBytes(NEWLINE);
        }
        return out.toByteArray();
    }

    static ObjectNode line(String tag, int n, String model, int maxTokens) {
        var line = Json.object();
        line.put("custom_id", tag + "-" + n);
        line.put("method", "POST");
        line.put("url", "/v1/chat/completions");
        var body = line.putObject("body");
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        var message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", "[" + tag + "-" + n + "] Write one sentence about message queues.");
        return line;
    }

    /** One line as the bench writes it, for payloads that must look like the real ones. */
    public static ObjectNode lineForProbe(String model) {
        return line("bench-probe", 1, model, 100);
    }

    /** The bytes a tap looks for to recognise this tag's calls: the prompt prefix up to the number. */
    public static String marker(String tag) {
        return "[" + tag + "-";
    }
}
