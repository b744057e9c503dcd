package io.llmq.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmq.simulator.engine.AnswerFormat;
import io.llmq.simulator.engine.Message;
import io.llmq.simulator.engine.Prompt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a {@code generateContent} request into the engine's {@link Prompt}: {@code systemInstruction}
 * becomes a system message, roles {@code user} / {@code model} map to user / assistant, and text,
 * function calls and function responses are sized as text. {@code generationConfig} gives the
 * output limit, stop sequences and seed.
 */
final class GenerateContentRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed prompt and the answer's format ({@code responseMimeType} / {@code responseSchema}), or the message of the 400. */
    record Parsed(Prompt prompt, String error, AnswerFormat format) {
        Parsed(Prompt prompt, String error) {
            this(prompt, error, AnswerFormat.TEXT);
        }
    }

    private GenerateContentRequest() {
    }

    static Parsed parse(String model, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            return new Parsed(null, "Invalid JSON payload received.");
        }
        if (root == null || !root.path("contents").isArray() || root.path("contents").isEmpty()) {
            return new Parsed(null, "* GenerateContentRequest.contents: contents is not specified");
        }
        var messages = new ArrayList<Message>();
        var system = root.path("systemInstruction");
        if (system.isObject()) {
            messages.add(new Message("system", texts(system.path("parts"))));
        }
        for (var c : root.path("contents")) {
            var role = c.path("role").asText("user");
            if (!role.equals("user") && !role.equals("model")) {
                return new Parsed(null, "Please use a valid role: user, model.");
            }
            messages.add(new Message(role.equals("model") ? "assistant" : "user", texts(c.path("parts"))));
        }
        var config = root.path("generationConfig");
        var stop = new ArrayList<String>();
        config.path("stopSequences").forEach(s -> stop.add(s.asText()));
        var max = config.path("maxOutputTokens").asInt(Prompt.NO_LIMIT);
        if (max < 1) {
            return new Parsed(null, "* GenerateContentRequest.generation_config.max_output_tokens: must be positive");
        }
        var seed = config.has("seed") ? OptionalLong.of(config.get("seed").asLong()) : OptionalLong.empty();
        var format = config.path("responseSchema").isObject() ? AnswerFormat.jsonSchema(config.get("responseSchema"))
                : "application/json".equals(config.path("responseMimeType").asText()) ? AnswerFormat.JSON_OBJECT : AnswerFormat.TEXT;
        return new Parsed(new Prompt(model, messages, max, seed, stop), null, format);
    }

    private static List<String> texts(JsonNode parts) {
        List<String> out = new ArrayList<>();
        for (var p : parts) {
            if (p.has("text")) {
                out.add(p.path("text").asText());
            } else if (p.has("functionCall")) {
                out.add(p.path("functionCall").toString());
            } else if (p.has("functionResponse")) {
                out.add(p.path("functionResponse").toString());
            } else {
                out.add(p.toString());
            }
        }
        return out;
    }
}
