package io.llmq.worker.outcome;

/** An outcome queued for the writer, and what to run once it is durable. */
record Pending(Outcome outcome, Runnable onDurable) {
}
