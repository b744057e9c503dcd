package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.simulator.engine.Completion;

import java.util.Locale;

/**
 * The 200 body, field for field as OpenAI sends it today, including the zeroed detail blocks:
 * SDKs that map them to typed objects expect them present.
 */
final class ChatCompletionResponse {

    static final String SYSTEM_FINGERPRINT = "fp_llmqsim";

    private ChatCompletionResponse() {
    }

    /** The chat endpoint's answer, as {@link PromptHandler.AnswerBody}. */
    static byte[] answer(long createdEpochSecond, ParsedRequest.Valid request, Completion completion) {
        return body(Ids.completionId(), createdEpochSecond, request.prompt().model(), completion);
    }

    static byte[] body(String id, long createdEpochSecond, String model, Completion completion) {
        var body = OpenAiJson.MAPPER.createObjectNode();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", createdEpochSecond);
        body.put("model", model);
        body.put("system_fingerprint", SYSTEM_FINGERPRINT);

        var choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        var message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", completion.text());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.finishReason().name().toLowerCase(Locale.ROOT));

        var usage = usage(body, completion);
        var promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", 0);
        promptDetails.put("audio_tokens", 0);
        var completionDetails = usage.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", 0);
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);

        body.put("service_tier", "default");
        return OpenAiJson.bytes(body);
    }

    /** Prompt, completion and total tokens, as chat and legacy completions both report them. */
    static ObjectNode usage(ObjectNode body, Completion completion) {
        var usage = body.putObject("usage");
        usage.put("prompt_tokens", completion.promptTokens());
        usage.put("completion_tokens", completion.completionTokens());
        usage.put("total_tokens", completion.totalTokens());
        return usage;
    }
}
