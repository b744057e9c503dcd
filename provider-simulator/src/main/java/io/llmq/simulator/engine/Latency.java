package io.llmq.simulator.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The time a completion takes: a fixed base plus jitter drawn uniformly from {@code [0, jitter]},
 * so the base is a guaranteed lower bound that tests can assert.
 */
public final class Latency {

    private final long baseNanos;
    private final long jitterNanos;

    public Latency(Duration base, Duration jitter) {
        this.baseNanos = base.toNanos();
        this.jitterNanos = jitter.toNanos();
    }

    Duration next() {
        var extra = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterNanos + 1);
        return Duration.ofNanos(baseNanos + extra);
    }

    /**
     * Sleeps on the calling thread. Requests run on virtual threads, so thousands of waiting calls
     * park cheaply instead of holding platform threads; a virtual thread's sleep also re-parks after
     * an early wake-up, so it never returns before the duration has passed.
     */
    public void await() throws InterruptedException {
        var pause = next();
        if (!pause.isZero()) {
            Thread.sleep(pause);
        }
    }
}
