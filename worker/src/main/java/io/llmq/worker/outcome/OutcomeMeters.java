package io.llmq.worker.outcome;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.meter.MeterCache;
import io.llmq.worker.meter.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static io.llmq.worker.meter.MeterCache.orNone;

/**
 * The outcome stage's meters, fed by what each transaction committed: jobs finished by status,
 * end-to-end time, and billed tokens and cost per tenant and model; and the writer's queue.
 */
public final class OutcomeMeters {
    private final MeterRegistry registry;
    private final Counter unstorable;
    private final MeterCache<List<String>, Counter> finished;
    private final MeterCache<String, Timer> endToEnd;
    private final MeterCache<List<String>, Counter> tenantTokens;
    private final MeterCache<List<String>, Counter> tenantCost;
    private final MeterCache<String, Counter> saved;

    public OutcomeMeters(MeterRegistry registry) {
        this.registry = registry;
        unstorable = Counter.builder("llmq.outcomes.unstorable")
                .description("Jobs whose outcome PostgreSQL refused; each ends failed with result_not_storable instead").register(registry);
        finished = new MeterCache<>(k -> Meters.counter(registry, "llmq.jobs.finished", "Jobs whose terminal outcome was committed, by status",
                k, "deployment", "model", "status"));
        endToEnd = new MeterCache<>(p -> Meters.timer(registry, "llmq.jobs.end.to.end", "From submission to the committed outcome",
                Meters.WAIT_BUCKETS, Tags.of("priority", p)));
        tenantTokens = new MeterCache<>(k -> Meters.counter(registry, "llmq.tokens", "Billed tokens, committed to the ledger", k,
                "tenant", "model", "type"));
        tenantCost = new MeterCache<>(k -> Counter.builder("llmq.cost").baseUnit("usd")
                .tags("tenant", k.get(0), "model", k.get(1))
                .description("Cost committed to the ledger, in US dollars").register(registry));
        saved = new MeterCache<>(model -> Counter.builder("llmq.provider.batch.saved").baseUnit("usd").tag("model", model)
                .description("What answers of provider batches saved against the synchronous price, in US dollars").register(registry));
    }

    /** Every model's finished counters, at zero, so that a dashboard shows 0 instead of "no data". */
    public void catalogue(Catalogue catalogue) {
        for (var m : catalogue.models()) {
            for (var status : List.of("succeeded", "failed")) {
                finished.get(List.of(m.deployment(), m.id(), status));
            }
        }
    }

    /** The outcome writer's queue: outcomes waiting for their transaction. */
    public void pending(IntSupplier pending) {
        Gauge.builder("llmq.worker.outcomes.pending", pending, IntSupplier::getAsInt)
                .description("Outcomes queued in this worker for the next write").register(registry);
    }

    /** A job whose outcome PostgreSQL refused: it ends {@code result_not_storable} instead (alert on any). */
    public void unstorable() {
        unstorable.increment();
    }

    /** What a transaction just committed: new outcomes only (redeliveries count once) and what their ledger rows cost. */
    public void recorded(OutcomeStore.Written written) {
        var now = System.currentTimeMillis();
        for (var o : written.freshOutcomes()) {
            var job = o.job();
            finished.get(List.of(orNone(o.deployment()), orNone(o.model()), o.status().wireName())).increment();
            if (job.submittedAt() > 0) {
                endToEnd.get(Meters.priorityTag(job.priority())).record(Math.max(0, now - job.submittedAt()), TimeUnit.MILLISECONDS);
            }
            for (BilledAttempt b : o.billed()) {
                var tenant = orNone(job.tenantId());
                var model = orNone(b.model());
                tenantTokens.get(List.of(tenant, model, "input")).increment(b.usage().inputTokens());
                tenantTokens.get(List.of(tenant, model, "cached")).increment(b.usage().cachedTokens());
                tenantTokens.get(List.of(tenant, model, "output")).increment(b.usage().outputTokens());
            }
        }
        written.costByTenantModel().forEach((key, cost) ->
                tenantCost.get(List.of(orNone(key.get(0)), orNone(key.get(1)))).increment(cost.doubleValue()));
        written.savedByModel().forEach((model, usd) -> saved.get(orNone(model)).increment(usd.doubleValue()));
    }
}
