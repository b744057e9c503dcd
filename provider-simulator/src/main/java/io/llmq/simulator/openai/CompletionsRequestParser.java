package io.llmq.simulator.openai;

import io.llmq.simulator.engine.AnswerFormat;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.Message;
import io.llmq.simulator.engine.Prompt;

import java.util.List;

/**
 * Reads a legacy Completions request: {@code prompt} a string or an array of one string (the
 * simulator writes one choice), {@code max_tokens} defaulting to 16 as OpenAI's does, {@code stop},
 * {@code seed}, {@code temperature}. The prompt is sized as one user message.
 */
final class CompletionsRequestParser {
    static final int DEFAULT_MAX_TOKENS = 16;

    private CompletionsRequestParser() {
    }

    static ParsedRequest parse(byte[] body) {
        try {
            var root = OpenAiJson.object(body);
            var model = ChatRequestParser.model(root.get("model"));
            var prompt = prompt(root.get("prompt"));
            ChatRequestParser.checkTemperature(root.get("temperature"));
            var limit = ChatRequestParser.absent(root.get("max_tokens")) ? DEFAULT_MAX_TOKENS
                    : ChatRequestParser.limit(root.get("max_tokens"), "max_tokens", 1);
            return new ParsedRequest.Valid(new Prompt(model, List.of(Message.of("user", prompt)), limit,
                    ChatRequestParser.seed(root.get("seed")), ChatRequestParser.stop(root.get("stop"))), root, AnswerFormat.TEXT);
        } catch (Refusal refusal) {
            return new ParsedRequest.Invalid(refusal.error);
        }
    }

    private static String prompt(JsonNode prompt) {
        if (ChatRequestParser.absent(prompt)) {
            throw new Refusal(OpenAiError.badRequest("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter"));
        }
        var single = prompt.isArray() && prompt.size() == 1 ? prompt.get(0) : prompt;
        if (!single.isTextual()) {
            throw new Refusal(OpenAiError.invalidType("prompt", "a string or an array of one string", OpenAiJson.describe(prompt)));
        }
        return single.asText();
    }
}
