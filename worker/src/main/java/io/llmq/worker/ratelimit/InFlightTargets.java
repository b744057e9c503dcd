package io.llmq.worker.ratelimit;

import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls in flight per deployment, sized by Little's law ({@link InFlightTarget}), and what one
 * worker should therefore hold. Fed with every call's result by the deployment's guard
 * ({@code DeploymentGuard.Ticket}); read by the consumer to size its in-flight budget.
 */
public final class InFlightTargets {
    static final java.time.Duration IN_USE_FOR = java.time.Duration.ofMinutes(1);
    // concurrent maps: the live catalogue adds deployments while calls read them
    private final Map<String, InFlightTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastCall = new ConcurrentHashMap<>();
    private final InFlightSettings settings;
    private final Ticker ticker;
    private volatile MeterRegistry registry;

    public InFlightTargets(Collection<Deployment> deployments, InFlightSettings settings, Ticker ticker) {
        this.settings = settings;
        this.ticker = ticker;
        track(deployments);
    }

    /**
     * Takes a catalogue version's deployments: a new one is counted from now, one whose limits
     * changed is sized afresh from them (what it learned of their latency is dropped with the old limits).
     */
    public synchronized void track(Collection<Deployment> deployments) {
        for (var d : deployments) {
            var known = targets.get(d.name());
            if (known != null && known.limits().equals(d.limits())) {
                continue;
            }
            lastCall.putIfAbsent(d.name(), new AtomicLong(Long.MIN_VALUE));
            inFlight.putIfAbsent(d.name(), new AtomicInteger());
            targets.put(d.name(), new InFlightTarget(d.limits(), settings, ticker));
            if (known == null && registry != null) {
                gauges(registry, d.name());
            }
        }
    }

    public static InFlightTargets fromEnv(Collection<Deployment> deployments, Map<String, String> env) {
        return new InFlightTargets(deployments, InFlightSettings.fromEnv(env), Ticker.SYSTEM);
    }

    public Set<String> deployments() {
        return targets.keySet();
    }

    /**
     * Calls in flight the whole fleet should hold for {@code deployment} now; before its first
     * answer, its configured maximum or the default ({@link InFlightSettings#uncalled()}).
     */
    public int fleetTarget(String deployment) {
        var t = target(deployment);
        synchronized (t) {
            return t.called() ? t.fleetTarget() : t.uncalledTarget();
        }
    }

    /**
     * Jobs this worker should hold in flight: its share of every deployment's fleet target
     * (rounded up), plus the waiting buffer, so a freed call slot finds a job ready; at least the floor.
     *
     * @param liveWorkers the workers sharing the deployments now (members of the consumer group); at least 1 is assumed
     */
    public int workerBudget(int liveWorkers) {
        var workers = Math.max(1, liveWorkers);
        long calls = 0;
        var now = ticker.nanos();
        var anyInUse = false;
        for (var d : targets.keySet()) {
            if (!inUse(d, now)) {
                continue;
            }
            anyInUse = true;
            calls += target(d).perWorker() ? fleetTarget(d) : (fleetTarget(d) + workers - 1) / workers;
        }
        if (!anyInUse) {
            // nothing called lately: enough to find out what the work needs
            calls = settings.uncalled();
        }
        var budget = (long) Math.ceil(calls * (1 + settings.waitingBuffer()));
        return (int) Math.min(Integer.MAX_VALUE, Math.max(settings.floor(), budget));
    }

    /** This worker's calls now open at the deployment. */
    public int callsInFlight(String deployment) {
        var n = inFlight.get(deployment);
        return n == null ? 0 : n.get();
    }

    public void callStarted(String deployment) {
        counter(deployment).incrementAndGet();
        lastCall.get(deployment).set(ticker.nanos());
    }

    /**
     * A deployment counts towards the budget while it has calls open or had one in the last
     * {@link #IN_USE_FOR}: a catalogue of ten deployments must not make a worker hold jobs for nine it never calls.
     */
    private boolean inUse(String deployment, long now) {
        var last = lastCall.get(deployment).get();
        return callsInFlight(deployment) > 0 || (last != Long.MIN_VALUE && now - last < IN_USE_FOR.toNanos());
    }

    /** The call never went out (breaker, stop): it ends without teaching anything. */
    public void callAbandoned(String deployment) {
        counter(deployment).decrementAndGet();
    }

    /** A call's answer and how long it took: 429s and timeouts shrink the target, successes grow it. */
    public void callEnded(String deployment, ProviderOutcome outcome, long latencyNanos) {
        counter(deployment).decrementAndGet();
        var t = target(deployment);
        synchronized (t) {
            switch (outcome) {
                case ProviderOutcome.Success s -> t.succeeded(latencyNanos,
                        s.usage() == null ? 0 : s.usage().inputTokens() + s.usage().outputTokens());
                case ProviderOutcome.Retryable r when r.statusCode() == 429 || r.failure() == Failure.RATE_LIMITED ->
                        t.pushedBack(latencyNanos, false);
                case ProviderOutcome.Retryable r when r.failure() == Failure.TIMEOUT -> t.pushedBack(latencyNanos, true);
                default -> t.answered(latencyNanos);
            }
        }
    }

    /** {@code llmq_worker_concurrency_target{deployment}} and {@code llmq_worker_calls_in_flight{deployment}}. */
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        targets.keySet().forEach(d -> gauges(registry, d));
    }

    private void gauges(MeterRegistry registry, String d) {
        Gauge.builder("llmq.worker.concurrency.target", this, self -> self.fleetTarget(d)).tag("deployment", d)
                .description("Calls in flight the fleet should hold at the deployment (Little's law at the binding limit)")
                .register(registry);
        Gauge.builder("llmq.worker.calls.in.flight", this, self -> self.callsInFlight(d)).tag("deployment", d)
                .description("Provider calls this worker has open at the deployment now").register(registry);
    }

    private InFlightTarget target(String deployment) {
        var t = targets.get(deployment);
        if (t == null) {
            throw new IllegalArgumentException("no deployment named " + deployment + " in the catalogue");
        }
        return t;
    }

    private AtomicInteger counter(String deployment) {
        var n = inFlight.get(deployment);
        if (n == null) {
            throw new IllegalArgumentException("no deployment named " + deployment + " in the catalogue");
        }
        return n;
    }
}
