package io.llmq.worker.outcome;

import io.llmq.schema.catalogue.Price;
import io.llmq.worker.provider.Usage;

import java.math.BigDecimal;

/** A provider attempt the provider charged for: becomes exactly one ledger row. */
public record BilledAttempt(int attempt, String deployment, String model, Usage usage, Price price) {

    public BigDecimal cost() {
        return price.cost(usage.inputTokens(), usage.cachedTokens(), usage.outputTokens());
    }
}
