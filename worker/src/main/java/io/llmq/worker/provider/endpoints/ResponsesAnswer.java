package io.llmq.worker.provider.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

/**
 * OpenAI chat.completion → Responses API {@code response} object, field for field as OpenAI sends
 * one (the SDKs map it to a typed {@code Response}, whose required fields must all be present):
 * the first choice's text becomes a {@code message} output item with one {@code output_text}
 * part, a refusal a {@code refusal} part, each tool call a {@code function_call} item; a
 * {@code length} or {@code content_filter} finish makes the response {@code incomplete}, as
 * OpenAI reports a cut-off answer; usage is renamed (input / output tokens, cached and reasoning
 * details). The request's settings are echoed, as OpenAI echoes them.
 */
final class ResponsesAnswer {

    private ResponsesAnswer() {
    }

    static ObjectNode fromChat(JsonNode chat, ObjectNode request) {
        var id = suffix(chat.path("id").asText());
        var out = Json.object();
        out.put("id", "resp_" + id);
        out.put("object", "response");
        out.put("created_at", chat.path("created").asLong());
        var choice = chat.path("choices").path(0);
        var incomplete = switch (choice.path("finish_reason").asText("stop")) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        out.put("status", incomplete == null ? "completed" : "incomplete");
        out.putNull("error");
        if (incomplete == null) {
            out.putNull("incomplete_details");
        } else {
            out.putObject("incomplete_details").put("reason", incomplete);
        }
        out.set("instructions", request.path("instructions").isTextual() ? request.get("instructions") : Json.MAPPER.nullNode());
        out.set("max_output_tokens", request.hasNonNull("max_output_tokens") ? request.get("max_output_tokens") : Json.MAPPER.nullNode());
        out.put("model", chat.path("model").asText(request.path("model").asText()));
        output(out.putArray("output"), choice.path("message"), id, incomplete == null ? "completed" : "incomplete");
        out.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        out.putNull("previous_response_id");
        out.putObject("reasoning").putNull("effort").putNull("summary");
        out.put("store", false);
        out.put("temperature", request.path("temperature").asDouble(1.0));
        out.set("text", request.path("text").path("format").isObject() ? request.get("text")
                : Json.object().set("format", Json.object().put("type", "text")));
        out.set("tool_choice", request.has("tool_choice") ? request.get("tool_choice") : Json.MAPPER.getNodeFactory().textNode("auto"));
        out.set("tools", request.path("tools").isArray() ? request.get("tools") : Json.MAPPER.createArrayNode());
        out.put("top_p", request.path("top_p").asDouble(1.0));
        out.put("truncation", "disabled");
        out.putObject("metadata");
        usage(chat.path("usage"), out.putObject("usage"));
        return out;
    }

    private static void output(ArrayNode output, JsonNode message, String id, String status) {
        var text = message.path("content");
        var refusal = message.path("refusal");
        var calls = message.path("tool_calls");
        if (text.isTextual() || refusal.isTextual() || calls.isEmpty()) {
            var item = output.addObject();
            item.put("type", "message");
            item.put("id", "msg_" + id);
            item.put("status", status);
            item.put("role", "assistant");
            var content = item.putArray("content");
            if (refusal.isTextual() && !text.isTextual()) {
                content.addObject().put("type", "refusal").put("refusal", refusal.asText());
            } else {
                var part = content.addObject().put("type", "output_text").put("text", text.asText(""));
                part.putArray("annotations");
                part.putArray("logprobs");
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            var call = calls.get(i);
            var item = output.addObject();
            item.put("type", "function_call");
            item.put("id", "fc_" + id + "_" + i);
            item.put("call_id", call.path("id").asText());
            item.put("name", call.path("function").path("name").asText());
            item.put("arguments", call.path("function").path("arguments").asText("{}"));
            item.put("status", "completed");
        }
    }

    /** Chat's prompt / completion tokens under the names the Responses API gives them. */
    static void usage(JsonNode chat, ObjectNode usage) {
        var input = chat.path("prompt_tokens").asInt(0);
        var output = chat.path("completion_tokens").asInt(0);
        usage.put("input_tokens", input);
        // cache writes: Anthropic's adapter keeps them beside the chat usage; OpenAI-format servers report none
        usage.putObject("input_tokens_details").put("cached_tokens", chat.path("prompt_tokens_details").path("cached_tokens").asInt(0))
                .put("cache_write_tokens", chat.path("cache_creation_input_tokens").asInt(0));
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens",
                chat.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
        usage.put("total_tokens", input + output);
    }

    /** The provider's id without its prefix ({@code chatcmpl-}, {@code msg_}), to carry into the new ids. */
    static String suffix(String id) {
        var cut = Math.max(id.indexOf('-'), id.indexOf('_'));
        var rest = cut >= 0 && cut < id.length() - 1 ? id.substring(cut + 1) : id;
        return rest.isEmpty() ? Long.toHexString(System.nanoTime()) : rest.replaceAll("[^A-Za-z0-9]", "");
    }
}
