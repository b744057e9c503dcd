package io.llmq.worker.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.ChatTurns;
import io.llmq.worker.provider.OpenAiChat;
import io.llmq.worker.provider.Unsupported;

import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI chat request → Gemini {@code generateContent} request. System and developer messages
 * become {@code systemInstruction}; assistant turns are role {@code model}; tool calls are
 * {@code functionCall} parts and tool messages {@code functionResponse} parts (which Gemini wants
 * named, so the name is looked up from the call they answer); sampling settings go to
 * {@code generationConfig}; JSON modes to {@code responseMimeType} / {@code responseSchema}.
 */
final class GeminiRequest {
    private static final ChatTurns TURNS = new ChatTurns("Gemini", "model", "parts");

    private GeminiRequest() {
    }

    static ObjectNode of(ObjectNode openAi) {
        var out = Json.object();
        var contents = out.putArray("contents");
        Map<String, String> callNames = new HashMap<>();
        var system = TURNS.append(openAi.path("messages"), contents, new ChatTurns.Parts() {
            @Override
            public ArrayNode user(JsonNode content) {
                return userParts(content);
            }

            @Override
            public ArrayNode assistant(JsonNode message) {
                return modelParts(message, callNames);
            }

            @Override
            public ArrayNode toolResult(JsonNode message) {
                return functionResponse(message, callNames);
            }
        });
        if (!system.isEmpty()) {
            out.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        }
        var config = generationConfig(openAi);
        if (!config.isEmpty()) {
            out.set("generationConfig", config);
        }
        tools(openAi, out);
        return out;
    }

    private static ObjectNode generationConfig(ObjectNode openAi) {
        var config = Json.object();
        var max = OpenAiChat.maxTokens(openAi, -1);
        if (max > 0) {
            config.put("maxOutputTokens", max);
        }
        number(openAi, "temperature", config, "temperature");
        number(openAi, "top_p", config, "topP");
        number(openAi, "presence_penalty", config, "presencePenalty");
        number(openAi, "frequency_penalty", config, "frequencyPenalty");
        if (openAi.path("n").asInt(1) > 1) {
            config.put("candidateCount", openAi.get("n").asInt());
        }
        if (openAi.hasNonNull("seed")) {
            config.put("seed", openAi.get("seed").asLong());
        }
        var stop = OpenAiChat.stop(openAi.get("stop"));
        if (!stop.isEmpty()) {
            var seqs = config.putArray("stopSequences");
            stop.forEach(seqs::add);
        }
        var format = openAi.path("response_format");
        switch (format.path("type").asText("")) {
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                if (format.path("json_schema").path("schema").isObject()) {
                    config.set("responseSchema", format.path("json_schema").path("schema"));
                }
            }
            default -> {
            }
        }
        return config;
    }

    private static void tools(ObjectNode openAi, ObjectNode out) {
        var tools = openAi.path("tools");
        if (!tools.isArray() || tools.isEmpty()) {
            return;
        }
        var declarations = out.putArray("tools").addObject().putArray("functionDeclarations");
        for (var t : tools) {
            var f = t.path("function");
            var d = declarations.addObject();
            d.put("name", f.path("name").asText());
            if (f.hasNonNull("description")) {
                d.put("description", f.get("description").asText());
            }
            if (f.path("parameters").isObject()) {
                d.set("parameters", f.get("parameters"));
            }
        }
        var choice = openAi.get("tool_choice");
        if (choice == null || choice.isNull()) {
            return;
        }
        var calling = out.putObject("toolConfig").putObject("functionCallingConfig");
        if (choice.isTextual()) {
            calling.put("mode", switch (choice.asText()) {
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> "AUTO";
            });
        } else {
            calling.put("mode", "ANY");
            calling.putArray("allowedFunctionNames").add(choice.path("function").path("name").asText());
        }
    }

    private static ArrayNode userParts(JsonNode content) {
        var parts = Json.MAPPER.createArrayNode();
        if (content.isTextual()) {
            parts.addObject().put("text", content.asText());
            return parts;
        }
        for (var part : content) {
            switch (part.path("type").asText()) {
                case "text" -> parts.addObject().put("text", part.path("text").asText());
                case "image_url" -> {
                    var data = OpenAiChat.dataUrl(part.path("image_url").path("url").asText());
                    if (data == null) {
                        throw new Unsupported("Gemini takes images inline: image_url must be a data: URL.");
                    }
                    parts.addObject().putObject("inlineData").put("mimeType", data[0]).put("data", data[1]);
                }
                default -> throw new Unsupported("content part '" + part.path("type").asText() + "' cannot be sent to Gemini.");
            }
        }
        return parts;
    }

    private static ArrayNode modelParts(JsonNode m, Map<String, String> callNames) {
        var parts = Json.MAPPER.createArrayNode();
        var text = OpenAiChat.text(m.path("content"));
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
        for (var call : m.path("tool_calls")) {
            var name = call.path("function").path("name").asText();
            callNames.put(call.path("id").asText(), name);
            var fc = parts.addObject().putObject("functionCall");
            fc.put("name", name);
            fc.set("args", OpenAiChat.arguments(call.path("function").path("arguments").asText(null)));
        }
        return parts;
    }

    private static ArrayNode functionResponse(JsonNode m, Map<String, String> callNames) {
        var parts = Json.MAPPER.createArrayNode();
        var name = callNames.getOrDefault(m.path("tool_call_id").asText(), m.path("name").asText("tool"));
        var response = parts.addObject().putObject("functionResponse");
        response.put("name", name);
        var text = OpenAiChat.text(m.path("content"));
        var parsed = OpenAiChat.arguments(text);
        response.set("response", parsed.isObject() ? parsed : Json.object().put("content", text));
        return parts;
    }

    private static void number(ObjectNode from, String field, ObjectNode to, String as) {
        var v = from.get(field);
        if (v != null && v.isNumber()) {
            to.put(as, v.asDouble());
        }
    }
}
