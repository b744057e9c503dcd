package io.llmq.worker.breaker;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.ratelimit.InFlightTargets;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One deployment's circuit breaker and bulkhead, as seen by one worker. {@link #admit()} waits for a
 * bulkhead slot, then asks the breaker; while the breaker is open the deployment gets no call at all,
 * and while half-open only its few probes.
 */
public final class DeploymentGuard {
    private final String deployment;
    private final String provider;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Duration openFor;
    private final InFlightTargets targets;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong latencyMicrosEwma = new AtomicLong(-1);

    DeploymentGuard(String deployment, String provider, CircuitBreaker breaker, Bulkhead bulkhead, Duration openFor,
                    InFlightTargets targets) {
        this.deployment = deployment;
        this.targets = targets;
        this.provider = provider;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.openFor = openFor;
    }

    /** A call in progress. Report its result with {@link #record} or, if it never went out, {@link #abandon}. */
    public final class Ticket {
        private final long startedNanos = System.nanoTime();
        private boolean closed;

        public void record(ProviderOutcome outcome) {
            if (closed) {
                return;
            }
            closed = true;
            var nanos = System.nanoTime() - startedNanos;
            switch (outcome) {
                case ProviderOutcome.Success s -> breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                case ProviderOutcome.Permanent p -> breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                case ProviderOutcome.Retryable r -> {
                    if (BreakerSettings.countsAgainst(r.failure())) {
                        breaker.onError(nanos, TimeUnit.NANOSECONDS, new UnhealthyAnswer(r.failure()));
                    } else {
                        // A 429 (or a 409) is an answer from a live deployment; the limiter deals with its pace.
                        // Counted as healthy, so that 5xx are judged against every answer: left out, a
                        // provider's 5 % of 500s read as 50 % when 429s took nine calls in ten, and opened
                        // the breaker of a deployment that was answering; and a half-open probe that met a
                        // 429 left the breaker undecided.
                        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    }
                }
            }
            observeLatency(nanos);
            // the in-flight sizing learns from every answer: latency, tokens used, 429s and timeouts
            targets.callEnded(deployment, outcome, nanos);
            release();
        }

        public void abandon() {
            if (!closed) {
                closed = true;
                breaker.releasePermission();
                targets.callAbandoned(deployment);
                release();
            }
        }

        private void release() {
            inFlight.decrementAndGet();
            bulkhead.onComplete();
        }
    }

    /** Whether a call could start now without waiting for a bulkhead slot. */
    public boolean hasFreeSlot() {
        return bulkhead.getMetrics().getAvailableConcurrentCalls() > 0;
    }

    /**
     * Waits (a few seconds at most) for a bulkhead slot, then asks the breaker. Refused when the
     * breaker is open or half-open with its probes taken, or when the bulkhead stayed full.
     */
    public Admission admit() throws InterruptedException {
        boolean slot;
        try {
            slot = bulkhead.tryAcquirePermission();
        } catch (RuntimeException e) {
            slot = false;
        }
        if (Thread.interrupted()) {
            if (slot) {
                bulkhead.onComplete();
            }
            throw new InterruptedException("stopping while waiting for a slot of " + deployment);
        }
        if (!slot) {
            return new Admission.Busy(deployment);
        }
        if (!breaker.tryAcquirePermission()) {
            bulkhead.onComplete();
            return new Admission.Refused(deployment, openFor);
        }
        inFlight.incrementAndGet();
        targets.callStarted(deployment);
        return new Admission.Admitted(new Ticket());
    }

    /**
     * As {@link #admit()}, but {@link Admission.Busy} at once when no slot is free: for a call that
     * holds a rate permit, which goes back to the buckets rather than age while the call waits.
     */
    public Admission admitNow() throws InterruptedException {
        return hasFreeSlot() ? admit() : new Admission.Busy(deployment);
    }

    /** The breaker's state as Resilience4j names it, lower-case: closed, open, half_open, ... */
    public String state() {
        return breaker.getState().name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    public String deployment() {
        return deployment;
    }

    public String provider() {
        return provider;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Moving average over roughly the last 20 calls, in milliseconds; -1 before the first call. */
    double latencyMillis() {
        var v = latencyMicrosEwma.get();
        return v < 0 ? -1 : v / 1000.0;
    }

    private void observeLatency(long nanos) {
        var micros = nanos / 1000;
        latencyMicrosEwma.updateAndGet(old -> old < 0 ? micros : old + (micros - old) / 10);
    }
}
