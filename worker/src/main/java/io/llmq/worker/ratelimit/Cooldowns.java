package io.llmq.worker.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * This worker's view of the shared cooldowns, for deployments without limits (limited ones check
 * their pause inside the take). Refreshed from Postgres every {@link #REFRESH}, so another
 * replica's 429 pauses this one within that time, without a query per call.
 */
final class Cooldowns {
    private static final Logger log = LoggerFactory.getLogger(Cooldowns.class);
    static final Duration REFRESH = Duration.ofMillis(250);

    private final Map<String, Long> pausedUntilNanos = new ConcurrentHashMap<>();

    Cooldowns(RateLimitStore store, CountDownLatch stopping) {
        Thread.ofVirtual().name("llmq-cooldowns").start(() -> {
            try {
                do {
                    try {
                        var now = System.nanoTime();
                        var left = store.cooldowns();
                        pausedUntilNanos.keySet().retainAll(left.keySet());
                        left.forEach((d, ms) -> pausedUntilNanos.put(d, now + TimeUnit.MILLISECONDS.toNanos(ms)));
                    } catch (Exception e) {
                        log.debug("cooldown refresh failed: {}", e.toString());
                    }
                } while (!stopping.await(REFRESH.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Blocks while the deployment is paused. */
    void awaitOpen(String deployment, CountDownLatch stopping) throws InterruptedException {
        Long until;
        while ((until = pausedUntilNanos.get(deployment)) != null && until > System.nanoTime()) {
            if (stopping.await(Math.min(REFRESH.toNanos(), until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new InterruptedException("worker stopping");
            }
        }
    }

    /** Takes this worker's own 429 into account at once, before the next refresh. */
    void pausedLocally(String deployment, Duration wait) {
        pausedUntilNanos.merge(deployment, System.nanoTime() + wait.toNanos(), Math::max);
    }
}
