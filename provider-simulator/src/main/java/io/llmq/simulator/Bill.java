package io.llmq.simulator;

/**
 * What the simulator has served since it started or was last reset.
 *
 * @param calls            completions answered with 200, including lines of provider batches
 * @param promptTokens     prompt tokens over those calls, as reported in their {@code usage}
 * @param completionTokens completion tokens over those calls, as reported in their {@code usage}
 * @param rejected         requests to the provider endpoints answered with a 4xx (and batch lines refused so)
 * @param failed           requests that got no usable answer: an injected 5xx / 529, a hang past the
 *                         client's timeout, a reset connection or a truncated body, or a batch line that
 *                         failed inside its batch (never billed)
 * @param batchCalls       of {@code calls}, those served as lines of a provider batch (billed at the batch price)
 * @param batchPromptTokens     of {@code promptTokens}, those of batch-served calls
 * @param batchCompletionTokens of {@code completionTokens}, those of batch-served calls
 */
public record Bill(long calls, long promptTokens, long completionTokens, long rejected, long failed, long batchCalls,
                   long batchPromptTokens, long batchCompletionTokens) {

    public static final Bill EMPTY = new Bill(0, 0, 0, 0, 0);

    public Bill {
        if (calls < 0 || promptTokens < 0 || completionTokens < 0 || rejected < 0 || failed < 0 || batchCalls < 0
                || batchPromptTokens < 0 || batchCompletionTokens < 0) {
            throw new IllegalArgumentException("bill counts must not be negative, got calls=" + calls
                    + " promptTokens=" + promptTokens + " completionTokens=" + completionTokens + " rejected=" + rejected
                    + " failed=" + failed + " batchCalls=" + batchCalls + " batchPromptTokens=" + batchPromptTokens
                    + " batchCompletionTokens=" + batchCompletionTokens);
        }
    }

    /** A bill without batch-served calls. */
    public Bill(long calls, long promptTokens, long completionTokens, long rejected, long failed) {
        this(calls, promptTokens, completionTokens, rejected, failed, 0, 0, 0);
    }

    public Bill(long calls, long promptTokens, long completionTokens, long rejected) {
        this(calls, promptTokens, completionTokens, rejected, 0);
    }

    /** Every request the provider endpoints received: served, rejected and failed. */
    public long requests() {
        return calls + rejected + failed;
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Tokens of batch-served calls: the part of {@link #totalTokens()} billed at the batch price. */
    public long batchTokens() {
        return batchPromptTokens + batchCompletionTokens;
    }
}
