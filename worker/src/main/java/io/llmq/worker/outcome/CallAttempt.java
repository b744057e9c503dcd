package io.llmq.worker.outcome;

/**
 * A provider call about to be sent, as {@code call_attempts} keeps it until its answer is on the
 * ledger: who it is for, and what it may cost at most (the prompt's tokens and the output's bound).
 *
 * @param attemptId      the id the call is sent with ({@code X-Llmq-Attempt})
 * @param instanceId     the worker process that sends it: a row of a process that is gone is a call whose answer is lost
 * @param calledAtMillis when the call is made: which price version an estimate takes
 */
public record CallAttempt(String attemptId, String instanceId, String tenantId, String batchId, String jobId, int attempt,
                          String deployment, String model, long inputTokens, long maxOutputTokens, long calledAtMillis) {
}
