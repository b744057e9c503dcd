package io.llmq.simulator;

/**
 * What the simulator has served since it started or was last reset.
 *
 * @param calls            completions answered with 200
 * @param promptTokens     prompt tokens over those calls, as reported in their {@code usage}
 * @param completionTokens completion tokens over those calls, as reported in their {@code usage}
 * @param rejected         requests to the provider endpoints answered with a 4xx
 * @param failed           requests that got no usable answer: an injected 5xx / 529, a hang past the
 *                         client's timeout, a reset connection or a truncated body (never billed)
 */
public record Bill(long calls, long promptTokens, long completionTokens, long rejected, long failed) {

    public static final Bill EMPTY = new Bill(0, 0, 0, 0, 0);

    public Bill {
        if (calls < 0 || promptTokens < 0 || completionTokens < 0 || rejected < 0 || failed < 0) {
            throw new IllegalArgumentException("bill counts must not be negative, got calls=" + calls
                    + " promptTokens=" + promptTokens + " completionTokens=" + completionTokens + " rejected=" + rejected
                    + " failed=" + failed);
        }
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
}
