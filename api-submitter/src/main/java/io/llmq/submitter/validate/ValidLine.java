package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request line that passed every check, with its estimated input tokens. */
public record ValidLine(int line, String customId, String model, ObjectNode body, long estimatedTokens) {
}
