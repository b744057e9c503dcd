package io.llmq.simulator.openai;

import io.llmq.simulator.engine.AnswerFormat;
import io.llmq.simulator.engine.Prompt;

/** A request body is either a prompt to serve or the 400 that explains why not. */
sealed interface ParsedRequest {

    record Valid(Prompt prompt, AnswerFormat format) implements ParsedRequest {
    }

    record Invalid(OpenAiError error) implements ParsedRequest {
    }
}
