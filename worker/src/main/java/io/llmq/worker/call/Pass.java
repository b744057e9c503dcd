package io.llmq.worker.call;

import io.llmq.schema.message.JobMessage;
import io.llmq.worker.outcome.BilledAttempt;

import java.util.List;

/**
 * One delivery of a job, as its walks down the fallback chain share it.
 *
 * @param chain    the models to try with their pools, as the catalogue in force has them when asked
 * @param cacheKey the job's response-cache key, or null when it did not opt in
 * @param resumed  the job came back from the park: a budget denial remembered from before it must not stop it
 */
record Pass(JobMessage job, java.util.function.Supplier<List<Pool>> chain, AttemptLog attempts, List<BilledAttempt> billed, byte[] cacheKey,
            boolean resumed, CallFence fence) {
}
