package io.llmq.worker.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * This worker's view of the shared cooldowns, for deployments without limits (limited ones check
 * their pause inside the take). Refreshed from Postgres every {@link #REFRESH} by one named thread,
 * so another replica's 429 pauses this one within that time, without a query per call.
 */
final class Cooldowns implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Cooldowns.class);
    static final Duration REFRESH = Duration.ofMillis(250);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);

    private final PermitStore store;
    private final Ticker ticker;
    private final RateLimitedLog failures;
    private final Map<String, Long> pausedUntilNanos = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private Thread refresher;

    Cooldowns(PermitStore store, Ticker ticker) {
        this.store = store;
        this.ticker = ticker;
        this.failures = new RateLimitedLog(log, Duration.ofSeconds(30), ticker);
    }

    synchronized Cooldowns start() {
        if (refresher == null) {
            refresher = Thread.ofVirtual().name("llmq-cooldowns").start(this::refreshUntilClosed);
        }
        return this;
    }

    private void refreshUntilClosed() {
        try {
            do {
                refresh();
            } while (!closing.await(REFRESH.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One look at the shared table; a failure keeps the last view (a pause seen stays until it ends). */
    void refresh() {
        try {
            var now = ticker.nanos();
            var left = store.cooldowns();
            pausedUntilNanos.keySet().retainAll(left.keySet());
            left.forEach((d, ms) -> pausedUntilNanos.put(d, now + TimeUnit.MILLISECONDS.toNanos(ms)));
        } catch (SQLException | RuntimeException e) {
            failures.warn("cannot refresh the shared cooldowns; keeping the last view", e.toString());
        }
    }

    /** How long the deployment stays paused from now; zero when it is open. */
    Duration pausedFor(String deployment) {
        var until = pausedUntilNanos.get(deployment);
        var left = until == null ? 0 : until - ticker.nanos();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Blocks while the deployment is paused; ends early (with {@link InterruptedException}) when the worker stops. */
    void awaitOpen(String deployment, CountDownLatch stopping) throws InterruptedException {
        Duration left;
        while (!(left = pausedFor(deployment)).isZero()) {
            if (stopping.await(Math.min(REFRESH.toNanos(), left.toNanos()), TimeUnit.NANOSECONDS)) {
                throw new InterruptedException("worker stopping");
            }
        }
    }

    /** Takes this worker's own 429 into account at once, before the next refresh. */
    void pausedLocally(String deployment, Duration wait) {
        pausedUntilNanos.merge(deployment, ticker.nanos() + wait.toNanos(), Math::max);
    }

    /** Stops the refresher and waits (briefly) for it to end. */
    @Override
    public void close() {
        closing.countDown();
        Thread t;
        synchronized (this) {
            t = refresher;
        }
        Threads.join(t, CLOSE_WITHIN, log);
    }
}
