package io.llmq.submitter.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.ModelKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the {@code params} of one Anthropic Messages request into the OpenAI chat body llmq's
 * workers run, at submit time, so the worker path stays one format:
 *
 * <ul>
 *   <li>{@code system} (string or text blocks) becomes a leading {@code system} message;</li>
 *   <li>text blocks become text (one block: a string; several: text parts), image blocks
 *       ({@code base64} or {@code url} sources) become {@code image_url} parts;</li>
 *   <li>{@code max_tokens}, {@code temperature}, {@code top_p} carry over; {@code stop_sequences}
 *       becomes {@code stop} (OpenAI takes at most 4); {@code metadata.user_id} becomes {@code user};</li>
 *   <li>{@code cache_control} hints are dropped (they change cost, not the answer) and so is
 *       {@code service_tier}.</li>
 * </ul>
 *
 * What has no faithful OpenAI equivalent is refused, never silently dropped: {@code top_k},
 * {@code tools}, {@code tool_choice}, {@code thinking}, tool-use / tool-result / document /
 * thinking blocks, {@code stream: true}, and any parameter this version does not know.
 */
final class MessageParams {
    static final int MAX_STOP_SEQUENCES = 4;
    private static final Set<String> KNOWN = Set.of("model", "max_tokens", "messages", "system", "temperature", "top_p",
            "stop_sequences", "metadata", "stream", "service_tier");
    private static final Set<String> UNMAPPABLE = Set.of("top_k", "tools", "tool_choice", "thinking", "mcp_servers",
            "container", "context_management");

    /** Either the translated body or what is wrong with the params. */
    record Result(ObjectNode body, String error) {
        static Result error(String message) {
            return new Result(null, message);
        }
    }

    private final Catalogue catalogue;

    MessageParams(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    Result translate(JsonNode params) {
        if (params == null || !params.isObject()) {
            return Result.error("params must be an object (a Messages API request).");
        }
        for (var name : (Iterable<String>) params::fieldNames) {
            if (UNMAPPABLE.contains(name)) {
                return Result.error("params." + name + " cannot be mapped to the OpenAI-compatible deployments llmq runs Anthropic-named models on.");
            }
            if (!KNOWN.contains(name)) {
                return Result.error("params." + name + ": unknown or unsupported parameter.");
            }
        }
        var body = Json.object();
        var model = params.get("model");
        if (model == null || !model.isTextual()) {
            return Result.error("params.model: field required (a string).");
        }
        var entry = catalogue.model(model.asText());
        if (entry.isEmpty() || entry.get().kind() != ModelKind.CHAT) {
            return Result.error("params.model: model '" + shorten(model.asText()) + "' is not a chat model in this llmq's catalogue (GET /v1/models).");
        }
        body.put("model", model.asText());
        var maxTokens = params.get("max_tokens");
        if (maxTokens == null || !maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
            return Result.error("params.max_tokens: field required (a positive integer).");
        }
        if (maxTokens.asInt() > entry.get().maxOutputTokens()) {
            return Result.error("params.max_tokens: " + maxTokens.asInt() + " > " + entry.get().maxOutputTokens()
                    + ", which is the maximum allowed number of output tokens for " + entry.get().id() + ".");
        }
        body.put("max_tokens", maxTokens.asInt());
        var messages = body.putArray("messages");
        var systemError = system(params.get("system"), messages);
        if (systemError != null) {
            return Result.error(systemError);
        }
        var messagesError = messages(params.get("messages"), messages);
        if (messagesError != null) {
            return Result.error(messagesError);
        }
        var samplingError = sampling(params, body);
        if (samplingError != null) {
            return Result.error(samplingError);
        }
        return new Result(body, null);
    }

    private static String system(JsonNode system, ArrayNode out) {
        if (system == null || system.isNull()) {
            return null;
        }
        if (system.isTextual()) {
            out.addObject().put("role", "system").put("content", system.asText());
            return null;
        }
        if (!system.isArray()) {
            return "params.system must be a string or an array of text blocks.";
        }
        var text = new StringBuilder();
        for (int i = 0; i < system.size(); i++) {
            var block = system.get(i);
            if (!"text".equals(block.path("type").asText()) || !block.path("text").isTextual()) {
                return "params.system[" + i + "] must be a text block {\"type\": \"text\", \"text\": ...}.";
            }
            text.append(i == 0 ? "" : "\n").append(block.path("text").asText());
        }
        out.addObject().put("role", "system").put("content", text.toString());
        return null;
    }

    private static String messages(JsonNode messages, ArrayNode out) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "params.messages: field required (a non-empty array).";
        }
        for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i);
            var role = message.path("role").asText("");
            if (!message.isObject() || !(role.equals("user") || role.equals("assistant"))) {
                return "params.messages[" + i + "].role must be 'user' or 'assistant'.";
            }
            var content = message.get("content");
            var translated = out.addObject().put("role", role);
            if (content != null && content.isTextual()) {
                translated.put("content", content.asText());
                continue;
            }
            if (content == null || !content.isArray() || content.isEmpty()) {
                return "params.messages[" + i + "].content must be a string or a non-empty array of content blocks.";
            }
            var error = blocks(content, "params.messages[" + i + "].content", translated);
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    private static String blocks(JsonNode content, String param, ObjectNode translated) {
        List<ObjectNode> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            var block = content.get(j);
            var type = block.path("type").asText("");
            switch (type) {
                case "text" -> {
                    if (!block.path("text").isTextual()) {
                        return param + "[" + j + "].text must be a string.";
                    }
                    parts.add(Json.object().put("type", "text").put("text", block.path("text").asText()));
                }
                case "image" -> {
                    var url = imageUrl(block.path("source"));
                    if (url == null) {
                        return param + "[" + j + "].source must be {type: base64, media_type, data} or {type: url, url}.";
                    }
                    var part = Json.object().put("type", "image_url");
                    part.putObject("image_url").put("url", url);
                    parts.add(part);
                }
                default -> {
                    return param + "[" + j + "]: content blocks of type '" + shorten(type)
                            + "' cannot be mapped to the OpenAI chat format; llmq takes text and image blocks.";
                }
            }
        }
        if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText())) {
            translated.put("content", parts.get(0).path("text").asText());
        } else {
            translated.putArray("content").addAll(parts);
        }
        return null;
    }

    private static String imageUrl(JsonNode source) {
        return switch (source.path("type").asText("")) {
            case "base64" -> source.path("media_type").isTextual() && source.path("data").isTextual()
                    ? "data:" + source.path("media_type").asText() + ";base64," + source.path("data").asText() : null;
            case "url" -> source.path("url").isTextual() ? source.path("url").asText() : null;
            default -> null;
        };
    }

    private static String sampling(JsonNode params, ObjectNode body) {
        var temperature = params.get("temperature");
        if (temperature != null && !temperature.isNull()) {
            if (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 1) {
                return "params.temperature must be a number between 0 and 1.";
            }
            body.put("temperature", temperature.asDouble());
        }
        var topP = params.get("top_p");
        if (topP != null && !topP.isNull()) {
            if (!topP.isNumber() || topP.asDouble() < 0 || topP.asDouble() > 1) {
                return "params.top_p must be a number between 0 and 1.";
            }
            body.put("top_p", topP.asDouble());
        }
        var stops = params.get("stop_sequences");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray() || stops.size() > MAX_STOP_SEQUENCES) {
                return "params.stop_sequences must be an array of at most " + MAX_STOP_SEQUENCES
                        + " strings (the OpenAI format llmq runs on takes 4).";
            }
            var stop = body.putArray("stop");
            for (var s : stops) {
                if (!s.isTextual() || s.asText().isEmpty()) {
                    return "params.stop_sequences must hold non-empty strings.";
                }
                stop.add(s.asText());
            }
        }
        var metadata = params.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                return "params.metadata must be an object.";
            }
            var userId = metadata.get("user_id");
            if (userId != null && !userId.isNull()) {
                if (!userId.isTextual()) {
                    return "params.metadata.user_id must be a string.";
                }
                body.put("user", userId.asText());
            }
        }
        var stream = params.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            return "params.stream cannot be true in a batch.";
        }
        return null;
    }

    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
