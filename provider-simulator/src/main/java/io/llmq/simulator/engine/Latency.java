package io.llmq.simulator.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time a completion takes: a fixed base plus jitter drawn uniformly from {@code [0, jitter]},
 * so the base is a guaranteed lower bound that tests can assert.
 */
public final class Latency {

    private final long baseNanos;
    private final long jitterNanos;
    /** Released once, at shutdown, to wake every waiting call at the same moment. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();

    public Latency(Duration base, Duration jitter) {
        this.baseNanos = base.toNanos();
        this.jitterNanos = jitter.toNanos();
    }

    Duration next() {
        var extra = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterNanos + 1);
        return Duration.ofNanos(baseNanos + extra);
    }

    /**
     * Waits on the calling thread. Requests run on virtual threads, so thousands of waiting calls
     * park cheaply instead of holding platform threads. A timed latch wait rather than a sleep: it
     * also never returns early on timeout, yet {@link #stop()} can end all waits at once. Without
     * that, a call caught by a shutdown would sleep on and bill itself after the server had closed.
     *
     * @return true once the full latency has passed; false if the simulator stopped meanwhile
     */
    boolean await() throws InterruptedException {
        var pause = next();
        if (pause.isZero()) {
            return stopped.getCount() > 0;
        }
        waiting.incrementAndGet();
        try {
            return !stopped.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Calls waiting right now; lets tests and benchmarks see what is in flight. */
    public int waiting() {
        return waiting.get();
    }

    /** Ends every current wait and makes every later one return false at once. */
    public void stop() {
        stopped.countDown();
    }
}
