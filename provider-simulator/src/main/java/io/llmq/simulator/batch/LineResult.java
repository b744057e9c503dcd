package io.llmq.simulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.Completion;

/** What became of one line of a provider batch; each wire format writes it in its own shape. */
public sealed interface LineResult {

    /** Served and billed (as batch-served): {@code body} is the format's response body. */
    record Answered(JsonNode body, Completion completion) implements LineResult {
    }

    /**
     * The request failed inside the batch, as it would have alone: a refused body (4xx), an injected
     * fault, a server error (the failure rate or the {@code llmq-sim:batch-fail} marker). Not billed.
     */
    record Failed(int status, String code, String message) implements LineResult {
    }

    /** The batch ended before the line's turn: it expired or was cancelled. Not billed. */
    record Unanswered(Reason reason) implements LineResult {
    }

    enum Reason {
        EXPIRED, CANCELLED
    }
}
