package io.llmq.worker.breaker;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.llmq.schema.catalogue.Resilience;
import io.llmq.worker.provider.Failure;

import java.time.Duration;

/** Translates a deployment's catalogue settings into Resilience4j's configs. */
final class BreakerSettings {
    /** A call waits this long at most for a bulkhead slot before it is reported busy (and tried again). */
    static final Duration BULKHEAD_WAIT = Duration.ofSeconds(5);

    private BreakerSettings() {
    }

    static CircuitBreakerConfig breaker(Resilience r) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(r.windowSize())
                .minimumNumberOfCalls(Math.min(r.minimumCalls(), r.windowSize()))
                .failureRateThreshold(r.failureRatePercent())
                .slowCallRateThreshold(r.slowCallRatePercent())
                .slowCallDurationThreshold(r.slowCall())
                .waitDurationInOpenState(r.openFor())
                .permittedNumberOfCallsInHalfOpenState(r.halfOpenCalls())
                // probes are let through by the next call after the wait, so a quiet deployment is not probed for nothing;
                // while half-open every other call is refused, and a probe that never reports must not wedge it
                .maxWaitDurationInHalfOpenState(r.openFor().multipliedBy(4))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> e instanceof UnhealthyAnswer)
                .build();
    }

    static BulkheadConfig bulkhead(Resilience r) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(r.maxConcurrentCalls())
                .maxWaitDuration(BULKHEAD_WAIT)
                .build();
    }

    /** Only failures that say the deployment is unwell count against it; a 429 or a 400 does not. */
    static boolean countsAgainst(Failure failure) {
        return failure.unhealthy();
    }
}
