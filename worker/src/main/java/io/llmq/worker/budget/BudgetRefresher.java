package io.llmq.worker.budget;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The budget gate's own thread: one round every {@code every} (re-read budgets, shrink holds,
 * check soft limits) until stopped. Started explicitly; {@link #stop()} ends it and waits for it.
 */
final class BudgetRefresher {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final Duration every;
    private final Runnable round;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /** @param name the thread's name */
    BudgetRefresher(String name, Duration every, Runnable round) {
        this.every = every;
        this.round = round;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Ends the rounds and waits (up to 5 s) for one in progress; does nothing if never started. */
    void stop() {
        stop.countDown();
        try {
            thread.join(JOIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                round.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
