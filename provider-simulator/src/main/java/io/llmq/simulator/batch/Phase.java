package io.llmq.simulator.batch;

/**
 * Where a simulated provider batch stands, in OpenAI's words (the richest of the three); Anthropic and
 * Gemini name them in theirs. The order of the first four is the order a batch passes them in.
 */
public enum Phase {
    VALIDATING, IN_PROGRESS, FINALIZING, COMPLETED,
    /** The input did not validate: nothing ran. */
    FAILED,
    /** The window ended first: unanswered lines are expired. */
    EXPIRED,
    /** Cancel asked: no more lines are answered; ends {@link #CANCELLED}. */
    CANCELLING, CANCELLED;

    public boolean ended() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }
}
