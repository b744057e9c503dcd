package io.llmq.simulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.AnswerFormat;
import io.llmq.simulator.engine.Completion;
import io.llmq.simulator.engine.Prompt;

import java.util.function.Function;

/**
 * One request of a provider batch, read by its wire format: a prompt the engine answers and how the
 * format writes the answer, or the refusal its body earned (the line fails alone, the batch runs on).
 *
 * @param answer the format's response body for a served completion (a chat.completion, a Message, a
 *               GenerateContentResponse), written when the line is answered
 */
public record BatchLine(String customId, Prompt prompt, AnswerFormat format, Function<Completion, JsonNode> answer,
                        LineResult.Failed refused) {

    public static BatchLine served(String customId, Prompt prompt, AnswerFormat format, Function<Completion, JsonNode> answer) {
        return new BatchLine(customId, prompt, format, answer, null);
    }

    /** A line whose body the provider would refuse with {@code status} had it been sent alone. */
    public static BatchLine refused(String customId, int status, String code, String message) {
        return new BatchLine(customId, null, null, null, new LineResult.Failed(status, code, message));
    }
}
