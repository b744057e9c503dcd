package io.llmq.bench.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Plain progress lines, {@code [  12.3s] text}, at most one per {@link #every} while waiting. No
 * terminal tricks: the output is meant to be piped into a log.
 *
 * <p>Waiting polls a condition every 100 ms. No figure depends on that: the moments that are
 * measured are stamped where they happen (the tap, the results consumer), not here.
 */
public final class Progress {
    private static final long POLL_MILLIS = 100;

    private final PrintStream out;
    private final Duration every;
    private final long startedNanos = System.nanoTime();

    public Progress(PrintStream out, Duration every) {
        this.out = out;
        this.every = every;
    }

    public void line(String text) {
        out.printf(Locale.ROOT, "[%7.1fs] %s%n", (System.nanoTime() - startedNanos) / 1e9, text);
        out.flush();
    }

    /**
     * Waits until {@code done} holds or {@code timeout} passes, printing {@code status} every
     * {@link #every}. Returns whether {@code done} held.
     */
    public boolean await(BooleanSupplier done, Duration timeout, Supplier<String> status) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        var nextLine = System.nanoTime() + every.toNanos();
        while (!done.getAsBoolean()) {
            var now = System.nanoTime();
            if (now - deadline >= 0) {
                line(status.get());
                return false;
            }
            if (now - nextLine >= 0) {
                line(status.get());
                nextLine = now + every.toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - now))));
        }
        return true;
    }

    /** Lets {@code duration} pass (a phase of the scenario's timeline), printing {@code status} meanwhile. */
    public void pass(Duration duration, Supplier<String> status) throws InterruptedException {
        await(() -> false, duration, status);
    }
}
