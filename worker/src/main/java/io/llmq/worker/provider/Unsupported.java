package io.llmq.worker.provider;

/**
 * Thrown by an adapter's request translation when the request uses something its provider cannot
 * express; the adapter turns it into a permanent {@link Failure#UNSUPPORTED} outcome, never a call.
 */
public final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unsupported(String message) {
        super(message, null, false, false);
    }

    public ProviderOutcome outcome() {
        return new ProviderOutcome.Permanent(Failure.UNSUPPORTED, -1, null, null, "unsupported_parameter", getMessage());
    }
}
