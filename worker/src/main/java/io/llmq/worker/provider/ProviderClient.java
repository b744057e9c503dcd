package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The seam between the worker and one provider deployment's wire format. */
public interface ProviderClient {

    /**
     * Sends one OpenAI-format request. Never throws for a provider failure: every way a call can go
     * wrong is a {@link ProviderOutcome}. Throws only {@link InterruptedException}, when the worker stops.
     *
     * @param attemptId names this one call (job, attempt, worker instance); sent as
     *                  {@value ProviderHttp#ATTEMPT_HEADER} so a provider's itemised bill can be
     *                  reconciled against the ledger call by call
     */
    ProviderOutcome call(String path, ObjectNode body, String attemptId) throws InterruptedException;

    /**
     * The refusal of an adapter that serves chat completions only (Responses and Completions reach
     * it translated to chat), or null when {@code path} is chat.
     */
    static ProviderOutcome unlessChat(String provider, String path) {
        return path.endsWith("/chat/completions") ? null
                : new ProviderOutcome.Permanent(Failure.UNSUPPORTED, -1, null, null, "unsupported_endpoint",
                        provider + " deployments serve chat completions, responses and completions only, not " + path + ".");
    }
}
