package io.llmq.worker.outcome;

import io.llmq.schema.message.JobMessage;

import java.util.List;

/**
 * The terminal result of one job, ready to be made durable.
 *
 * @param statusCode   HTTP status of the provider's answer, or null when there was none
 * @param responseBody the provider's JSON body, passed through untouched, or null
 * @param errorJson    {@code {"code": ..., "message": ...}} for failed jobs, else null
 * @param billed       every attempt the provider charged for, in order
 */
public record Outcome(JobMessage job, boolean succeeded, Integer statusCode, String requestId, String responseBody,
                      String errorJson, String model, String deployment, int attempts, List<BilledAttempt> billed) {

    public Outcome {
        billed = List.copyOf(billed);
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
