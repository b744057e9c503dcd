package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.AnswerFormat;
import io.llmq.simulator.engine.Prompt;

/** A request body is either a prompt to serve or the 400 that explains why not. */
sealed interface ParsedRequest {

    /**
     * @param request the body as sent, for the settings an answer echoes
     * @param format  the answer's response_format
     */
    record Valid(Prompt prompt, JsonNode request, AnswerFormat format) implements ParsedRequest {
    }

    record Invalid(OpenAiError error) implements ParsedRequest {
    }
}
