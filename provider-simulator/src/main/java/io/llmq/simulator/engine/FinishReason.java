package io.llmq.simulator.engine;

/** Why the completion ended. */
public enum FinishReason {
    /** The text came to its natural end or hit a stop sequence. */
    STOP,
    /** The text was cut at the caller's token limit. */
    LENGTH
}
