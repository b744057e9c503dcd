package io.llmq.worker.call;

import io.llmq.schema.catalogue.Price;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.price.PriceBook;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.cache.ResponseCache;
import io.llmq.worker.outcome.AttemptJournal;
import io.llmq.worker.outcome.CallAttempt;
import io.llmq.worker.provider.ProviderOutcome;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the call stage asks about money before a call: is the model priced, does the tenant's
 * budget allow the call's maximum cost, has an identical deterministic request been answered;
 * and where every call is written down before it is sent, so that none billed is missing from the
 * ledger (the journal).
 *
 * @param budgetRecheck how long a job held by its budget waits before it looks again, at most
 *                      (it looks at once when the budget is raised, and when the period rolls)
 */
public record Costs(PriceBook prices, BudgetGate budgets, ResponseCache cache, Duration budgetRecheck, AttemptJournal journal) {

    /** The call the runner is about to send, with its token bound: what an estimate of it would charge. */
    static CallAttempt attempt(JobMessage job, Link link, TokenBound bound, int attempt, String instanceId, long calledAtMillis) {
        var split = bound.split();
        return new CallAttempt(AttemptIds.of(job.jobId(), attempt, instanceId), instanceId, job.tenantId(), job.batchId(),
                job.jobId(), attempt, link.deployment(), link.model().id(), split.prompt(), split.maxOutput(), calledAtMillis);
    }

    /** The call's highest cost: its prompt and its output bound at the price; counted only when asked (hard budgets). */
    static Supplier<BigDecimal> maxCost(TokenBound bound, Price price) {
        return () -> price.cost(bound.split().prompt(), 0, bound.split().maxOutput());
    }

    /** Writes the call down before it is sent; false when that cannot be done now (the call must wait). */
    boolean recorded(CallAttempt call) throws InterruptedException {
        try {
            journal.opened(call);
            return true;
        } catch (AttemptJournal.Unavailable e) {
            // its row may have been committed after all: it must not stay to be estimated one day
            journal.answeredUnbilled(call.attemptId());
            return false;
        }
    }

    /** The answer is in: a billed one's row goes with its ledger row, an unbilled one's now. */
    void answered(CallAttempt call, ProviderOutcome result) {
        if (!(result instanceof ProviderOutcome.Success)) {
            journal.answeredUnbilled(call.attemptId());
        }
    }
}
