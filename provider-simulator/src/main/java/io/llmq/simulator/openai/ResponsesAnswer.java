package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.Completion;
import io.llmq.simulator.engine.FinishReason;

/**
 * The 200 body of {@code /v1/responses}, field for field as OpenAI sends it: one {@code message}
 * output item with one {@code output_text} part, the request's settings echoed, usage as input and
 * output tokens. A completion cut at {@code max_output_tokens} is {@code incomplete}, as at OpenAI.
 */
final class ResponsesAnswer {

    private ResponsesAnswer() {
    }

    static byte[] body(long createdEpochSecond, ParsedRequest.Valid request, Completion completion) {
        var suffix = Ids.responseSuffix();
        var cut = completion.finishReason() == FinishReason.LENGTH;
        var sent = request.request();
        var body = OpenAiJson.MAPPER.createObjectNode();
        body.put("id", "resp_" + suffix);
        body.put("object", "response");
        body.put("created_at", createdEpochSecond);
        body.put("status", cut ? "incomplete" : "completed");
        body.putNull("error");
        if (cut) {
            body.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            body.putNull("incomplete_details");
        }
        body.set("instructions", echo(sent, "instructions"));
        body.set("max_output_tokens", echo(sent, "max_output_tokens"));
        body.put("model", request.prompt().model());
        var message = body.putArray("output").addObject();
        message.put("type", "message");
        message.put("id", "msg_" + suffix);
        message.put("status", cut ? "incomplete" : "completed");
        message.put("role", "assistant");
        var text = message.putArray("content").addObject();
        text.put("type", "output_text");
        text.put("text", completion.text());
        text.putArray("annotations");
        body.put("parallel_tool_calls", sent.path("parallel_tool_calls").asBoolean(true));
        body.putNull("previous_response_id");
        body.putObject("reasoning").putNull("effort").putNull("summary");
        body.put("store", sent.path("store").asBoolean(true));
        body.put("temperature", sent.path("temperature").asDouble(1.0));
        body.set("text", sent.path("text").isObject() ? sent.get("text")
                : OpenAiJson.MAPPER.createObjectNode().set("format", OpenAiJson.MAPPER.createObjectNode().put("type", "text")));
        body.set("tool_choice", sent.has("tool_choice") ? sent.get("tool_choice") : OpenAiJson.MAPPER.getNodeFactory().textNode("auto"));
        body.set("tools", sent.path("tools").isArray() ? sent.get("tools") : OpenAiJson.MAPPER.createArrayNode());
        body.put("top_p", sent.path("top_p").asDouble(1.0));
        body.put("truncation", "disabled");
        var usage = body.putObject("usage");
        usage.put("input_tokens", completion.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
        usage.put("output_tokens", completion.completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", completion.totalTokens());
        body.set("user", echo(sent, "user"));
        body.putObject("metadata");
        return OpenAiJson.bytes(body);
    }

    private static JsonNode echo(JsonNode request, String field) {
        return request.hasNonNull(field) ? request.get(field) : OpenAiJson.MAPPER.nullNode();
    }
}
