package io.llmq.worker.call;

import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.DeploymentLimits;
import io.llmq.worker.meter.MeterCache;
import io.llmq.worker.meter.Meters;
import io.llmq.worker.provider.ProviderOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.llmq.worker.meter.MeterCache.orNone;

/**
 * The call stage's meters: deliveries started, retried and parked, the wait for a permit, and each
 * provider call (in flight, latency by outcome, 429s, tokens). Tags are deployment, model,
 * priority and reason: never job or batch ids.
 */
public final class CallMeters {
    private final MeterRegistry registry;
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final Map<String, DeploymentLimits> limitsNow = new ConcurrentHashMap<>();
    private final MeterCache<List<String>, Counter> started;
    private final MeterCache<List<String>, Counter> retried;
    private final MeterCache<List<String>, Counter> parked;
    private final MeterCache<String, Timer> queueWait;
    private final MeterCache<List<String>, Timer> permitWait;
    private final MeterCache<String, Timer> permitAge;
    private final MeterCache<List<String>, Timer> latency;
    private final MeterCache<String, Counter> rateLimited;
    private final MeterCache<List<String>, Counter> tokens;
    private final MeterCache<List<String>, Counter> checks;

    public CallMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("llmq.provider.calls.in.flight", callsInFlight, AtomicInteger::get)
                .description("Provider calls this worker has open now").register(registry);
        started = new MeterCache<>(k -> Meters.counter(registry, "llmq.jobs.started", "Job deliveries that began to run", k,
                "deployment", "model"));
        retried = new MeterCache<>(k -> Meters.counter(registry, "llmq.jobs.retried",
                "Retryable provider failures that will be tried again", k, "deployment", "model"));
        parked = new MeterCache<>(k -> Meters.counter(registry, "llmq.jobs.parked",
                "Jobs parked in PostgreSQL to wait out a long back-off or an open breaker", k, "deployment", "model", "reason"));
        queueWait = new MeterCache<>(p -> Meters.timer(registry, "llmq.queue.wait", "From submission to the job's first start",
                Meters.WAIT_BUCKETS, Tags.of("priority", p)));
        permitWait = new MeterCache<>(k -> Meters.timer(registry, "llmq.ratelimit.wait",
                "Rate-limit permits taken, and the time waited for them", Meters.WAIT_BUCKETS,
                Tags.of("deployment", k.get(0), "priority", k.get(1))));
        permitAge = new MeterCache<>(d -> Meters.timer(registry, "llmq.ratelimit.permit.age",
                "From a call's permit and slot to its request leaving: a long tail bunches calls, and a provider answers bunches with 429s",
                Meters.CALL_BUCKETS, Tags.of("deployment", d)));
        latency = new MeterCache<>(k -> Meters.timer(registry, "llmq.provider.latency", "Provider calls: time to the answer, by outcome",
                Meters.CALL_BUCKETS, Tags.of("deployment", k.get(0), "model", k.get(1), "outcome", k.get(2))));
        rateLimited = new MeterCache<>(d -> Counter.builder("llmq.provider.rate.limited").tag("deployment", d)
                .description("429 answers received from the provider").register(registry));
        tokens = new MeterCache<>(k -> Meters.counter(registry, "llmq.provider.tokens", "Tokens the provider reported per call, by deployment",
                k, "deployment", "type"));
        checks = new MeterCache<>(k -> Meters.counter(registry, "llmq.output.checks",
                "Output checks run on answers (response_format, finish_reason), by check and result", k, "model", "check", "passed"));
    }

    /** One output check ran on an answer of {@code model}. */
    void checked(String model, String check, boolean passed) {
        checks.get(List.of(model, check, Boolean.toString(passed))).increment();
    }

    /**
     * Registers the catalogue's meters up front, at zero, so that a dashboard shows 0 instead of
     * "no data" and a rate over the first event is right; and the configured limits, for the
     * utilisation panels (calls and tokens per minute against these).
     */
    public void catalogue(Catalogue catalogue) {
        for (var d : catalogue.deployments()) {
            // read the latest version's limits: the catalogue is live, and a later call here registers what is new
            limitsNow.put(d.name(), d.limits());
            Gauge.builder("llmq.ratelimit.limit.requests.per.minute", limitsNow, l -> l.get(d.name()).rpm()).tag("deployment", d.name())
                    .description("Configured RPM of the deployment (0 = unlimited)").register(registry);
            Gauge.builder("llmq.ratelimit.limit.tokens.per.minute", limitsNow, l -> l.get(d.name()).tpm()).tag("deployment", d.name())
                    .description("Configured TPM of the deployment (0 = unlimited)").register(registry);
            rateLimited.get(d.name());
        }
        for (var m : catalogue.models()) {
            started.get(List.of(m.deployment(), m.id()));
            for (var member : m.pool()) {
                // retries and parks name the deployment of the pool that was called
                retried.get(List.of(member.deployment(), m.id()));
                // the two reasons the call stage parks for (JobRunner)
                for (var reason : List.of("retry_after", "breaker_open")) {
                    parked.get(List.of(member.deployment(), m.id(), reason));
                }
            }
            if (m.pool().stream().anyMatch(p -> catalogue.deployment(p.deployment()).limits().dailyQuota())) {
                // a chain spent for the day parks under the model's first deployment (JobRunner)
                parked.get(List.of(m.deployment(), m.id(), "daily_quota"));
            }
        }
    }

    /** A delivery starts to run; a first delivery also reports how long it queued. */
    void started(String deployment, String model, String priority, long submittedAt, boolean firstDelivery) {
        started.get(List.of(orNone(deployment), orNone(model))).increment();
        if (firstDelivery && submittedAt > 0) {
            queueWait.get(Meters.priorityTag(priority)).record(Math.max(0, System.currentTimeMillis() - submittedAt), TimeUnit.MILLISECONDS);
        }
    }

    void retried(String deployment, String model) {
        retried.get(List.of(orNone(deployment), orNone(model))).increment();
    }

    void parked(String deployment, String model, String reason) {
        parked.get(List.of(orNone(deployment), orNone(model), orNone(reason))).increment();
    }

    /** A rate-limit permit was granted after waiting since {@code startNanos}. */
    void permitTaken(String deployment, Priority priority, long startNanos) {
        permitWait.get(List.of(deployment, priority.wireName())).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** A call's request leaves {@code nanos} after its permit and slot were in hand. */
    void callOpened(String deployment, long nanos) {
        callsInFlight.incrementAndGet();
        permitAge.get(deployment).record(nanos, TimeUnit.NANOSECONDS);
    }

    void callClosed() {
        callsInFlight.decrementAndGet();
    }

    /** A provider call answered after {@code nanos}: its latency by outcome, a 429, its tokens. */
    void answered(String deployment, String model, long nanos, ProviderOutcome result) {
        var outcome = switch (result) {
            case ProviderOutcome.Success s -> "success";
            case ProviderOutcome.Retryable r -> "retryable";
            case ProviderOutcome.Permanent p -> "permanent";
        };
        latency.get(List.of(deployment, orNone(model), outcome)).record(nanos, TimeUnit.NANOSECONDS);
        if (result instanceof ProviderOutcome.Retryable r && r.statusCode() == 429) {
            rateLimited.get(deployment).increment();
        }
        if (result instanceof ProviderOutcome.Success s && s.usage() != null) {
            tokens.get(List.of(deployment, "input")).increment(s.usage().inputTokens());
            tokens.get(List.of(deployment, "cached")).increment(s.usage().cachedTokens());
            tokens.get(List.of(deployment, "output")).increment(s.usage().outputTokens());
        }
    }
}
