package io.llmq.worker.outcome;

import io.llmq.schema.catalogue.Price;
import io.llmq.worker.provider.Usage;

import java.math.BigDecimal;

/**
 * A provider attempt the provider charged for: becomes exactly one ledger row.
 *
 * @param attemptId the id the call was sent with ({@code X-Llmq-Attempt}), kept on the ledger row
 */
public record BilledAttempt(int attempt, String attemptId, String deployment, String model, Usage usage, Price price) {

    public BigDecimal cost() {
        return price.cost(usage.inputTokens(), usage.cachedTokens(), usage.outputTokens());
    }
}
