package io.llmq.worker.breaker;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Resilience;
import io.llmq.worker.ratelimit.InFlightSettings;
import io.llmq.worker.ratelimit.InFlightTargets;
import io.llmq.worker.ratelimit.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A circuit breaker and a bulkhead per catalogue deployment, in one registry each, so that their
 * state and calls appear in {@code /metrics} as {@code resilience4j_circuitbreaker_*} and
 * {@code resilience4j_bulkhead_*}, tagged with the deployment's name.
 */
public final class DeploymentGuards {
    private static final Logger log = LoggerFactory.getLogger(DeploymentGuards.class);
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final Map<String, DeploymentGuard> byDeployment = new ConcurrentHashMap<>();
    private final Map<String, Resilience> settingsOf = new ConcurrentHashMap<>();
    private final InFlightTargets targets;

    /** With the default in-flight sizing ({@link InFlightSettings#defaults()}). */
    public DeploymentGuards(Catalogue catalogue) {
        this(catalogue, new InFlightTargets(catalogue.deployments(), InFlightSettings.defaults(), Ticker.SYSTEM));
    }

    /** @param targets learns from every call admitted here (see {@link InFlightTargets}) */
    public DeploymentGuards(Catalogue catalogue, InFlightTargets targets) {
        this.targets = targets;
        track(catalogue);
    }

    /**
     * Takes a catalogue version: a deployment it adds gets a breaker and a bulkhead; a changed
     * {@code max_concurrent_calls} resizes the bulkhead in place (calls in flight stay counted); a
     * changed {@code breaker:} block gives the deployment a new breaker, which starts closed.
     */
    public synchronized void track(Catalogue catalogue) {
        for (var deployment : catalogue.deployments()) {
            var name = deployment.name();
            var settings = catalogue.resilience(name);
            var before = settingsOf.get(name);
            if (settings.equals(before)) {
                continue;
            }
            var bulkhead = bulkheads.bulkhead(name, BreakerSettings.bulkhead(settings));
            if (before != null && before.maxConcurrentCalls() != settings.maxConcurrentCalls()) {
                bulkhead.changeConfig(BreakerSettings.bulkhead(settings));
            }
            settingsOf.put(name, settings);
            if (before != null && sameBreaker(before, settings)) {
                continue;
            }
            CircuitBreaker breaker;
            if (before == null) {
                breaker = breakers.circuitBreaker(name, BreakerSettings.breaker(settings));
            } else {
                breaker = CircuitBreaker.of(name, BreakerSettings.breaker(settings));
                breakers.replace(name, breaker);
            }
            // the rates explain an opening; after any other transition the window has just been reset
            breaker.getEventPublisher().onStateTransition(e -> log.warn("breaker of deployment {}: {}{}", e.getCircuitBreakerName(),
                    e.getStateTransition(), e.getStateTransition().getToState() != CircuitBreaker.State.OPEN ? ""
                            : " (failure rate " + breaker.getMetrics().getFailureRate() + "%, slow calls "
                            + breaker.getMetrics().getSlowCallRate() + "%)"));
            byDeployment.put(name, new DeploymentGuard(name, deployment.provider(), breaker, bulkhead, settings.openFor(), targets));
        }
    }

    private static boolean sameBreaker(Resilience a, Resilience b) {
        return a.failureRatePercent() == b.failureRatePercent() && a.slowCallRatePercent() == b.slowCallRatePercent()
                && a.slowCall().equals(b.slowCall()) && a.windowSize() == b.windowSize() && a.minimumCalls() == b.minimumCalls()
                && a.openFor().equals(b.openFor()) && a.halfOpenCalls() == b.halfOpenCalls();
    }

    public void bindTo(MeterRegistry registry) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
        targets.bindTo(registry);
    }

    /** Calls in flight per deployment by Little's law, fed by these guards' tickets. */
    public InFlightTargets targets() {
        return targets;
    }

    /** Whether this worker could start a call to {@code deployment} now; a deployment not in the catalogue has no slot. */
    public boolean hasFreeSlot(String deployment) {
        var guard = byDeployment.get(deployment);
        return guard != null && guard.hasFreeSlot();
    }

    public DeploymentGuard of(String deployment) {
        var guard = byDeployment.get(deployment);
        if (guard == null) {
            throw new IllegalArgumentException("no deployment named " + deployment + " in the catalogue");
        }
        return guard;
    }

    public Collection<DeploymentGuard> all() {
        return byDeployment.values();
    }
}
