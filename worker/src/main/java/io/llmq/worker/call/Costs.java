package io.llmq.worker.call;

import io.llmq.schema.price.PriceBook;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.cache.ResponseCache;

import java.time.Duration;

/**
 * What the call stage asks about money before a call: is the model priced, does the tenant's
 * budget allow the call's maximum cost, has an identical deterministic request been answered.
 *
 * @param budgetRecheck how long a job held by its budget waits before it looks again, at most
 *                      (it looks at once when the budget is raised, and when the period rolls)
 */
public record Costs(PriceBook prices, BudgetGate budgets, ResponseCache cache, Duration budgetRecheck) {
}
