package io.llmq.worker.outcome;

import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.JobStatus;

import java.util.List;

/**
 * The terminal result of one job, ready to be made durable.
 *
 * @param status       the terminal status: succeeded, failed, cancelled or expired
 * @param statusCode   HTTP status of the provider's answer, or null when there was none
 * @param responseBody the provider's JSON body, passed through untouched, or null
 * @param errorJson    {@code {"code": ..., "message": ...}} for jobs that did not succeed, else null
 * @param billed       every attempt the provider charged for, in order
 * @param cached       the answer came from the response cache, not from a provider
 * @param cacheKey     where a successful answer is to be stored in the response cache; null when the
 *                     job did not opt in or its request is not deterministic
 * @param checksJson   the output checks the answer went through, {@code [{"check", "passed", "detail"?}]}, or
 *                     null when none ran
 */
public record Outcome(JobMessage job, JobStatus status, Integer statusCode, String requestId, String responseBody,
                      String errorJson, String model, String deployment, int attempts, List<BilledAttempt> billed,
                      boolean cached, byte[] cacheKey, String checksJson) {

    public Outcome {
        if (status == null || !status.isTerminal()) {
            throw new IllegalArgumentException("job " + job.jobId() + ": an outcome needs a terminal status, got " + status);
        }
        billed = List.copyOf(billed);
    }

    public Outcome(JobMessage job, JobStatus status, Integer statusCode, String requestId, String responseBody,
                   String errorJson, String model, String deployment, int attempts, List<BilledAttempt> billed) {
        this(job, status, statusCode, requestId, responseBody, errorJson, model, deployment, attempts, billed, false, null, null);
    }

    /** The same outcome, to be stored in the response cache under {@code key} if it succeeded. */
    public Outcome cacheableUnder(byte[] key) {
        return new Outcome(job, status, statusCode, requestId, responseBody, errorJson, model, deployment, attempts, billed,
                cached, key, checksJson);
    }

    /**
     * The same outcome, with the calls the provider billed before it: a job stopped (cancelled,
     * expired) between the calls of an output check's retry still owes them to the ledger.
     */
    public Outcome billing(List<BilledAttempt> calls) {
        return new Outcome(job, status, statusCode, requestId, responseBody, errorJson, model, deployment, attempts, calls,
                cached, cacheKey, checksJson);
    }

    /** The same outcome, showing the output checks its answer went through. */
    public Outcome withChecks(String checks) {
        return new Outcome(job, status, statusCode, requestId, responseBody, errorJson, model, deployment, attempts, billed,
                cached, cacheKey, checks);
    }

    /** Succeeded or failed, as a provider call ends; cancelled and expired come from the guard. */
    public Outcome(JobMessage job, boolean succeeded, Integer statusCode, String requestId, String responseBody,
                   String errorJson, String model, String deployment, int attempts, List<BilledAttempt> billed) {
        this(job, succeeded ? JobStatus.SUCCEEDED : JobStatus.FAILED, statusCode, requestId, responseBody, errorJson,
                model, deployment, attempts, billed);
    }

    public boolean succeeded() {
        return status == JobStatus.SUCCEEDED;
    }

    public int inputTokens() {
        return billed.stream().mapToInt(b -> b.usage().inputTokens()).sum();
    }

    public int cachedTokens() {
        return billed.stream().mapToInt(b -> b.usage().cachedTokens()).sum();
    }

    public int outputTokens() {
        return billed.stream().mapToInt(b -> b.usage().outputTokens()).sum();
    }
}
