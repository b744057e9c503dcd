package io.llmq.worker.ratelimit;

import io.llmq.schema.Priority;

import java.util.concurrent.CompletableFuture;

/** A job's call waiting at a deployment's lane for its permit. */
record Waiter(Priority priority, String fairnessKey, int tokens, CompletableFuture<CallGate.Permit> granted) {
}
