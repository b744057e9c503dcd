package io.llmq.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.ChatTurns;
import io.llmq.worker.provider.OpenAiChat;
import io.llmq.worker.provider.Unsupported;

/**
 * OpenAI chat request → Anthropic Messages request. System and developer messages become
 * {@code system}; tool calls become {@code tool_use} blocks and tool messages {@code tool_result}
 * blocks in a user turn; consecutive turns of one role are merged, as Anthropic wants them
 * alternating. A {@code json_schema} response format becomes one forced tool whose input is the
 * answer ({@link #JSON_TOOL}); the response side turns it back into message content.
 */
final class AnthropicRequest {
    /** The name of the tool that carries a structured (JSON schema) answer. */
    static final String JSON_TOOL = "llmq_structured_output";
    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final ChatTurns TURNS = new ChatTurns("Anthropic", "assistant", "content");

    private AnthropicRequest() {
    }

    static ObjectNode of(ObjectNode openAi) {
        if (openAi.path("n").asInt(1) > 1) {
            throw new Unsupported("Anthropic returns one choice per request; n > 1 cannot be mapped.");
        }
        var out = Json.object();
        out.put("model", openAi.path("model").asText());
        out.put("max_tokens", OpenAiChat.maxTokens(openAi, DEFAULT_MAX_TOKENS));
        var system = TURNS.append(openAi.path("messages"), out.putArray("messages"), new ChatTurns.Parts() {
            @Override
            public ArrayNode user(JsonNode content) {
                return userBlocks(content);
            }

            @Override
            public ArrayNode assistant(JsonNode message) {
                return assistantBlocks(message);
            }

            @Override
            public ArrayNode toolResult(JsonNode message) {
                return AnthropicRequest.toolResult(message);
            }
        });
        var format = openAi.path("response_format");
        if ("json_object".equals(format.path("type").asText())) {
            // Anthropic has no JSON mode: ask for it in words (documented in docs/providers.md).
            system = ChatTurns.withParagraph(system, "Respond with a single JSON object and nothing else.");
        }
        if (!system.isEmpty()) {
            out.put("system", system);
        }
        copyNumber(openAi, "temperature", out, "temperature");
        copyNumber(openAi, "top_p", out, "top_p");
        var stop = OpenAiChat.stop(openAi.get("stop"));
        if (!stop.isEmpty()) {
            var seqs = out.putArray("stop_sequences");
            stop.forEach(seqs::add);
        }
        tools(openAi, out);
        if ("json_schema".equals(format.path("type").asText())) {
            var schema = format.path("json_schema");
            var tools = out.has("tools") ? (ArrayNode) out.get("tools") : out.putArray("tools");
            var tool = tools.addObject();
            tool.put("name", JSON_TOOL);
            tool.put("description", "Give the answer as " + schema.path("name").asText("the requested JSON object") + ".");
            tool.set("input_schema", schema.path("schema").isObject() ? schema.get("schema") : Json.object().put("type", "object"));
            out.putObject("tool_choice").put("type", "tool").put("name", JSON_TOOL);
        }
        if (openAi.hasNonNull("user")) {
            out.putObject("metadata").put("user_id", openAi.get("user").asText());
        }
        return out;
    }

    private static void tools(ObjectNode openAi, ObjectNode out) {
        var tools = openAi.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            var list = out.putArray("tools");
            for (var t : tools) {
                var f = t.path("function");
                var tool = list.addObject();
                tool.put("name", f.path("name").asText());
                if (f.hasNonNull("description")) {
                    tool.put("description", f.get("description").asText());
                }
                tool.set("input_schema", f.path("parameters").isObject() ? f.get("parameters") : Json.object().put("type", "object"));
            }
        }
        var choice = openAi.get("tool_choice");
        ObjectNode mapped = null;
        if (choice != null && choice.isTextual()) {
            mapped = Json.object().put("type", switch (choice.asText()) {
                case "none" -> "none";
                case "required" -> "any";
                default -> "auto";
            });
        } else if (choice != null && choice.isObject()) {
            mapped = Json.object().put("type", "tool").put("name", choice.path("function").path("name").asText());
        }
        if (openAi.has("parallel_tool_calls") && !openAi.get("parallel_tool_calls").asBoolean(true)) {
            mapped = mapped == null ? Json.object().put("type", "auto") : mapped;
            mapped.put("disable_parallel_tool_use", true);
        }
        if (mapped != null && out.has("tools")) {
            out.set("tool_choice", mapped);
        }
    }

    private static ArrayNode userBlocks(JsonNode content) {
        var blocks = Json.MAPPER.createArrayNode();
        if (content.isTextual()) {
            blocks.addObject().put("type", "text").put("text", content.asText());
            return blocks;
        }
        for (var part : content) {
            switch (part.path("type").asText()) {
                case "text" -> blocks.addObject().put("type", "text").put("text", part.path("text").asText());
                case "image_url" -> {
                    var url = part.path("image_url").path("url").asText();
                    var data = OpenAiChat.dataUrl(url);
                    var source = blocks.addObject().put("type", "image").putObject("source");
                    if (data != null) {
                        source.put("type", "base64").put("media_type", data[0]).put("data", data[1]);
                    } else {
                        source.put("type", "url").put("url", url);
                    }
                }
                default -> throw new Unsupported("content part '" + part.path("type").asText() + "' cannot be sent to Anthropic.");
            }
        }
        return blocks;
    }

    private static ArrayNode assistantBlocks(JsonNode m) {
        var blocks = Json.MAPPER.createArrayNode();
        var text = OpenAiChat.text(m.path("content"));
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
        for (var call : m.path("tool_calls")) {
            var use = blocks.addObject();
            use.put("type", "tool_use");
            use.put("id", call.path("id").asText());
            use.put("name", call.path("function").path("name").asText());
            use.set("input", OpenAiChat.arguments(call.path("function").path("arguments").asText(null)));
        }
        return blocks;
    }

    private static ArrayNode toolResult(JsonNode m) {
        var blocks = Json.MAPPER.createArrayNode();
        var result = blocks.addObject();
        result.put("type", "tool_result");
        result.put("tool_use_id", m.path("tool_call_id").asText(m.path("name").asText()));
        result.put("content", OpenAiChat.text(m.path("content")));
        return blocks;
    }

    private static void copyNumber(ObjectNode from, String field, ObjectNode to, String as) {
        var v = from.get(field);
        if (v != null && v.isNumber()) {
            // OpenAI's temperature goes to 2, Anthropic's to 1
            to.put(as, "temperature".equals(field) ? Math.min(1.0, v.asDouble()) : v.asDouble());
        }
    }
}
