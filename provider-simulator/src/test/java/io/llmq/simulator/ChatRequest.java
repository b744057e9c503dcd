package io.llmq.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test data builder for Chat Completions request bodies. */
final class ChatRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body = JSON.createObjectNode();

    private ChatRequest() {
        body.put("model", "gpt-4o-mini");
        body.putArray("messages");
    }

    static ChatRequest chat() {
        return new ChatRequest();
    }

    static ChatRequest chat(String userText) {
        return chat().user(userText);
    }

    ChatRequest model(String model) {
        body.put("model", model);
        return this;
    }

    ChatRequest message(String role, String content) {
        body.withArray("messages").addObject().put("role", role).put("content", content);
        return this;
    }

    ChatRequest system(String content) {
        return message("system", content);
    }

    ChatRequest user(String content) {
        return message("user", content);
    }

    ChatRequest userParts(String... texts) {
        var parts = body.withArray("messages").addObject().put("role", "user").putArray("content");
        for (var text : texts) {
            parts.addObject().put("type", "text").put("text", text);
        }
        return this;
    }

    ChatRequest maxTokens(int maxTokens) {
        body.put("max_tokens", maxTokens);
        return this;
    }

    ChatRequest maxCompletionTokens(int maxTokens) {
        body.put("max_completion_tokens", maxTokens);
        return this;
    }

    ChatRequest seed(long seed) {
        body.put("seed", seed);
        return this;
    }

    ChatRequest temperature(double temperature) {
        body.put("temperature", temperature);
        return this;
    }

    ChatRequest stop(String... sequences) {
        var stop = body.putArray("stop");
        for (var sequence : sequences) {
            stop.add(sequence);
        }
        return this;
    }

    String json() {
        return body.toString();
    }
}
