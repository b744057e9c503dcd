package io.llmq.worker.ops;

import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.provider.ProviderOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The worker's own meters, one method per event so that each stage reports with one line. Names
 * are Micrometer's; Prometheus sees them with underscores, base units and {@code _total} on
 * counters (all listed with the question each answers in docs/operations.md). Handles are cached
 * per tag set; tags are deployment, model, tenant, priority, status: never job or batch ids.
 */
public final class WorkerMetrics {
    private static final Duration[] WAIT_BUCKETS = seconds(0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600);
    private static final Duration[] CALL_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120);

    private final MeterRegistry registry;
    private final Counter redeliveredSkipped;
    private final Counter unstorable;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final MeterCache<List<String>, Counter> started;
    private final MeterCache<List<String>, Counter> retried;
    private final MeterCache<List<String>, Counter> parked;
    private final MeterCache<List<String>, Counter> finished;
    private final MeterCache<String, Timer> queueWait;
    private final MeterCache<String, Timer> endToEnd;
    private final MeterCache<List<String>, Timer> providerLatency;
    private final MeterCache<String, Counter> rateLimited;
    private final MeterCache<List<String>, Counter> deploymentTokens;
    private final MeterCache<List<String>, Timer> permitWait;
    private final MeterCache<List<String>, Counter> tenantTokens;
    private final MeterCache<List<String>, Counter> tenantCost;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redeliveredSkipped = Counter.builder("llmq.jobs.redelivered.skipped")
                .description("Redelivered jobs that already had an outcome and were not run again")
                .register(registry);
        unstorable = Counter.builder("llmq.outcomes.unstorable")
                .description("Jobs whose outcome PostgreSQL refused; each ends failed with result_not_storable instead").register(registry);
        Gauge.builder("llmq.worker.jobs.in.flight", inFlight, AtomicInteger::get)
                .description("Jobs this worker holds: waiting for a permit, calling, or being recorded").register(registry);
        Gauge.builder("llmq.provider.calls.in.flight", callsInFlight, AtomicInteger::get)
                .description("Provider calls this worker has open now").register(registry);
        started = new MeterCache<>(k -> counter("llmq.jobs.started", "Job deliveries that began to run", k, "deployment", "model"));
        retried = new MeterCache<>(k -> counter("llmq.jobs.retried", "Retryable provider failures that will be tried again", k,
                "deployment", "model"));
        parked = new MeterCache<>(k -> counter("llmq.jobs.parked", "Jobs parked in PostgreSQL to wait out a long back-off or an open breaker",
                k, "deployment", "model", "reason"));
        finished = new MeterCache<>(k -> counter("llmq.jobs.finished", "Jobs whose terminal outcome was committed, by status", k,
                "deployment", "model", "status"));
        queueWait = new MeterCache<>(p -> timer("llmq.queue.wait", "From submission to the job's first start", WAIT_BUCKETS,
                Tags.of("priority", p)));
        endToEnd = new MeterCache<>(p -> timer("llmq.jobs.end.to.end", "From submission to the committed outcome", WAIT_BUCKETS,
                Tags.of("priority", p)));
        providerLatency = new MeterCache<>(k -> timer("llmq.provider.latency", "Provider calls: time to the answer, by outcome",
                CALL_BUCKETS, Tags.of("deployment", k.get(0), "model", k.get(1), "outcome", k.get(2))));
        rateLimited = new MeterCache<>(d -> Counter.builder("llmq.provider.rate.limited").tag("deployment", d)
                .description("429 answers received from the provider").register(registry));
        deploymentTokens = new MeterCache<>(k -> counter("llmq.provider.tokens", "Tokens the provider reported per call, by deployment",
                k, "deployment", "type"));
        permitWait = new MeterCache<>(k -> timer("llmq.ratelimit.wait", "Rate-limit permits taken, and the time waited for them",
                WAIT_BUCKETS, Tags.of("deployment", k.get(0), "priority", k.get(1))));
        tenantTokens = new MeterCache<>(k -> counter("llmq.tokens", "Billed tokens, committed to the ledger", k, "tenant", "model", "type"));
        tenantCost = new MeterCache<>(k -> Counter.builder("llmq.cost").baseUnit("usd")
                .tags("tenant", k.get(0), "model", k.get(1))
                .description("Cost committed to the ledger, in US dollars").register(registry));
    }

    /**
     * Registers the catalogue's meters up front, at zero, so that a dashboard shows 0 instead of
     * "no data" and a rate over the first event is right; and the configured limits, for the
     * utilisation panels (calls and tokens per minute against these).
     */
    public void catalogue(Catalogue catalogue) {
        for (var d : catalogue.deployments()) {
            Gauge.builder("llmq.ratelimit.limit.requests.per.minute", d.limits(), l -> l.rpm()).tag("deployment", d.name())
                    .description("Configured RPM of the deployment (0 = unlimited)").register(registry);
            Gauge.builder("llmq.ratelimit.limit.tokens.per.minute", d.limits(), l -> l.tpm()).tag("deployment", d.name())
                    .description("Configured TPM of the deployment (0 = unlimited)").register(registry);
            rateLimited.get(d.name());
        }
        for (var m : catalogue.models()) {
            var key = List.of(m.deployment(), m.id());
            started.get(key);
            retried.get(key);
            for (var status : List.of("succeeded", "failed")) {
                finished.get(List.of(m.deployment(), m.id(), status));
            }
            // the two reasons the call stage parks for (JobRunner)
            for (var reason : List.of("retry_after", "breaker_open")) {
                parked.get(List.of(m.deployment(), m.id(), reason));
            }
        }
    }

    /** The outcome writer's queue: outcomes waiting for their transaction. */
    public void outcomesPending(IntSupplier pending) {
        Gauge.builder("llmq.worker.outcomes.pending", pending, IntSupplier::getAsInt)
                .description("Outcomes queued in this worker for the next write").register(registry);
    }

    public void redeliveredSkipped() {
        redeliveredSkipped.increment();
    }

    public double redeliveredSkippedCount() {
        return redeliveredSkipped.count();
    }

    public void outcomeUnstorable() {
        unstorable.increment();
    }

    public void inFlight(int value) {
        inFlight.set(value);
    }

    /** A delivery starts to run; a first delivery also reports how long it queued. */
    public void started(String deployment, String model, String priority, long submittedAt, boolean firstDelivery) {
        started.get(List.of(MeterCache.orNone(deployment), MeterCache.orNone(model))).increment();
        if (firstDelivery && submittedAt > 0) {
            queueWait.get(priorityTag(priority)).record(Math.max(0, System.currentTimeMillis() - submittedAt), TimeUnit.MILLISECONDS);
        }
    }

    public void retried(String deployment, String model) {
        retried.get(List.of(MeterCache.orNone(deployment), MeterCache.orNone(model))).increment();
    }

    public void parked(String deployment, String model, String reason) {
        parked.get(List.of(MeterCache.orNone(deployment), MeterCache.orNone(model), MeterCache.orNone(reason))).increment();
    }

    /** One provider request, as the call stage sends it. */
    public interface Call {
        ProviderOutcome send() throws InterruptedException;
    }

    /** Sends a provider request, counting it in flight meanwhile; then its latency by outcome, a 429, its tokens. */
    public ProviderOutcome call(String deployment, String model, Call call) throws InterruptedException {
        callsInFlight.incrementAndGet();
        var start = System.nanoTime();
        ProviderOutcome result;
        try {
            result = call.send();
        } finally {
            callsInFlight.decrementAndGet();
        }
        called(deployment, model, start, result);
        return result;
    }

    private void called(String deployment, String model, long startNanos, ProviderOutcome result) {
        var outcome = switch (result) {
            case ProviderOutcome.Success s -> "success";
            case ProviderOutcome.Retryable r -> "retryable";
            case ProviderOutcome.Permanent p -> "permanent";
        };
        providerLatency.get(List.of(deployment, MeterCache.orNone(model), outcome)).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (result instanceof ProviderOutcome.Retryable r && r.statusCode() == 429) {
            rateLimited.get(deployment).increment();
        }
        if (result instanceof ProviderOutcome.Success s && s.usage() != null) {
            deploymentTokens.get(List.of(deployment, "input")).increment(s.usage().inputTokens());
            deploymentTokens.get(List.of(deployment, "cached")).increment(s.usage().cachedTokens());
            deploymentTokens.get(List.of(deployment, "output")).increment(s.usage().outputTokens());
        }
    }

    /** A rate-limit permit was granted after waiting since {@code startNanos}. */
    public void permitTaken(String deployment, Priority priority, long startNanos) {
        permitWait.get(List.of(deployment, priority.wireName())).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Outcomes that a transaction just committed (new ones only, so redeliveries count once), and
     * what their ledger rows cost per {@code [tenant, model]}.
     */
    public void recorded(List<Outcome> committed, Map<List<String>, BigDecimal> costByTenantModel) {
        var now = System.currentTimeMillis();
        for (var o : committed) {
            var job = o.job();
            finished.get(List.of(MeterCache.orNone(o.deployment()), MeterCache.orNone(o.model()), o.status().wireName())).increment();
            if (job.submittedAt() > 0) {
                endToEnd.get(priorityTag(job.priority())).record(Math.max(0, now - job.submittedAt()), TimeUnit.MILLISECONDS);
            }
            for (BilledAttempt b : o.billed()) {
                var tenant = MeterCache.orNone(job.tenantId());
                var model = MeterCache.orNone(b.model());
                tenantTokens.get(List.of(tenant, model, "input")).increment(b.usage().inputTokens());
                tenantTokens.get(List.of(tenant, model, "cached")).increment(b.usage().cachedTokens());
                tenantTokens.get(List.of(tenant, model, "output")).increment(b.usage().outputTokens());
            }
        }
        costByTenantModel.forEach((key, cost) ->
                tenantCost.get(List.of(MeterCache.orNone(key.get(0)), MeterCache.orNone(key.get(1)))).increment(cost.doubleValue()));
    }

    private Counter counter(String name, String description, List<String> values, String... keys) {
        var builder = Counter.builder(name).description(description);
        for (int i = 0; i < keys.length; i++) {
            builder.tag(keys[i], values.get(i));
        }
        return builder.register(registry);
    }

    private Timer timer(String name, String description, Duration[] buckets, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets)
                .minimumExpectedValue(buckets[0]).maximumExpectedValue(buckets[buckets.length - 1]).register(registry);
    }

    /** Only the three class names, whatever a message carries. */
    private static String priorityTag(String priority) {
        try {
            return Priority.parse(priority).wireName();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    private static Duration[] seconds(double... values) {
        var out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis(Math.round(values[i] * 1000));
        }
        return out;
    }
}
