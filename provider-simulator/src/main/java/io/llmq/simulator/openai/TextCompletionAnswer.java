package io.llmq.simulator.openai;

import io.llmq.simulator.engine.Completion;

import java.util.Locale;

/** The 200 body of the legacy {@code /v1/completions}: a {@code text_completion} with one choice. */
final class TextCompletionAnswer {

    private TextCompletionAnswer() {
    }

    static byte[] body(long createdEpochSecond, ParsedRequest.Valid request, Completion completion) {
        var body = OpenAiJson.MAPPER.createObjectNode();
        body.put("id", Ids.textCompletionId());
        body.put("object", "text_completion");
        body.put("created", createdEpochSecond);
        body.put("model", request.prompt().model());
        body.put("system_fingerprint", ChatCompletionResponse.SYSTEM_FINGERPRINT);
        var choice = body.putArray("choices").addObject();
        choice.put("text", completion.text());
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.finishReason().name().toLowerCase(Locale.ROOT));
        ChatCompletionResponse.usage(body, completion);
        return OpenAiJson.bytes(body);
    }
}
