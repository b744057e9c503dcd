package io.llmq.simulator.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The time a completion takes: a fixed base plus jitter drawn uniformly from {@code [0, jitter]},
 * so the base is a guaranteed lower bound that tests can assert.
 */
public final class Latency {

    private final long baseNanos;
    private final long jitterNanos;
    /** The threads asleep right now, so that {@link #stop()} can wake them. */
    private final Set<Thread> sleepers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    public Latency(Duration base, Duration jitter) {
        this.baseNanos = base.toNanos();
        this.jitterNanos = jitter.toNanos();
    }

    Duration next() {
        var extra = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterNanos + 1);
        return Duration.ofNanos(baseNanos + extra);
    }

    /**
     * Sleeps on the calling thread. Requests run on virtual threads, so thousands of sleeping calls
     * park cheaply instead of holding platform threads, and a virtual thread's sleep re-parks after
     * an early wake-up, so it never ends before the pause has passed. (Not a timed wait on one
     * shared latch: with hundreds of waiters, every timeout walks the latch's whole queue.)
     *
     * @return true once the full latency has passed; false if the simulator stopped meanwhile, so
     *         that a call caught by a shutdown is not billed after the server has closed
     */
    boolean await() throws InterruptedException {
        var pause = next();
        if (!pause.isZero()) {
            var self = Thread.currentThread();
            sleepers.add(self);
            try {
                // Checked after registering: stop() sets the flag before it wakes the sleepers, so one of the two sees the other.
                if (!stopped) {
                    Thread.sleep(pause);
                }
            } catch (InterruptedException e) {
                if (!stopped) {
                    throw e;
                }
            } finally {
                sleepers.remove(self);
            }
        }
        if (stopped) {
            // Our own wake-up call may land after the sleep ended; it must not leak into writing the answer.
            Thread.interrupted();
            return false;
        }
        return true;
    }

    /** Calls asleep right now; lets tests see that a call has arrived. */
    public int waiting() {
        return sleepers.size();
    }

    /** Wakes every sleeping call and makes every later one return false at once. */
    public void stop() {
        stopped = true;
        sleepers.forEach(Thread::interrupt);
    }
}
