package io.llmq.simulator.engine;

import io.llmq.simulator.latency.LatencyModel;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Waits out the time a completion takes, as its {@link LatencyModel} draws it, on the calling thread.
 */
public final class Latency {

    private final LatencyModel model;
    private final Supplier<RandomGenerator> random;
    /** The threads asleep right now, so that {@link #stop()} can wake them. */
    private final Set<Thread> sleepers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** Draws from each request thread's own {@link ThreadLocalRandom}: no contention between thousands of calls. */
    public Latency(LatencyModel model) {
        this(model, ThreadLocalRandom::current);
    }

    /** @param random gives the generator for the calling thread's next draw; tests pass one seeded generator */
    public Latency(LatencyModel model, Supplier<RandomGenerator> random) {
        this.model = model;
        this.random = random;
    }

    Duration next(int outputTokens) {
        return model.delay(outputTokens, random.get());
    }

    /**
     * Sleeps on the calling thread. Requests run on virtual threads, so thousands of sleeping calls
     * park cheaply instead of holding platform threads, and a virtual thread's sleep re-parks after
     * an early wake-up, so it never ends before the pause has passed. (Not a timed wait on one
     * shared latch: with hundreds of waiters, every timeout walks the latch's whole queue.)
     *
     * @param outputTokens the completion's tokens, for a model whose time grows with the output
     * @return true once the full latency has passed; false if the simulator stopped meanwhile, so
     *         that a call caught by a shutdown is not billed after the server has closed
     */
    boolean await(int outputTokens) throws InterruptedException {
        var pause = next(outputTokens);
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
