package io.llmq.submitter.batch;

import io.llmq.submitter.http.ApiError;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code ?wait=30s} on a batch read: answer as soon as the batch's status or counts move, or at
 * the deadline, whichever comes first. Capped at {@link #MAX_WAIT}, so a waiting request never
 * outlives the server's idle timeout.
 */
final class LongPoll {
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final Duration CHECK_EVERY = Duration.ofMillis(250);
    private static final Pattern WAIT = Pattern.compile("(\\d{1,6})(ms|s|m)?");

    private LongPoll() {
    }

    /** {@code 30}, {@code 30s}, {@code 1m} or {@code 500ms}; null or empty means no wait. Longer waits are cut to the cap. */
    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        var m = WAIT.matcher(text.trim());
        if (!m.matches()) {
            throw ApiError.invalid("wait", "wait must look like '30s', '1m' or '500ms' (at most 60s), got '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'.");
        }
        var amount = Long.parseLong(m.group(1));
        var wait = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    /** Reads the batch's current state; empty if it disappeared (deleted meanwhile). */
    @FunctionalInterface
    interface Read {
        java.util.Optional<BatchRecord> read() throws Exception;
    }

    /** The time the wait is measured in, and the pause between reads; tests move it by hand. */
    interface Ticker {
        /** {@link System#nanoTime()}; requests run on virtual threads, so a parked wait costs no platform thread. */
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration pause) throws InterruptedException {
                Thread.sleep(pause);
            }
        };

        long nanoTime();

        void sleep(Duration pause) throws InterruptedException;
    }

    /** {@link #await(BatchRecord, Duration, Read, Ticker)} in real time. */
    static BatchRecord await(BatchRecord first, Duration wait, Read read) throws Exception {
        return await(first, wait, read, Ticker.SYSTEM);
    }

    /**
     * Re-reads every {@link #CHECK_EVERY} until the progress differs from {@code first}'s or the
     * wait is over; the last pause is cut so that the answer comes at the deadline, not after it. A
     * batch already ended answers at once: it cannot move any more.
     */
    static BatchRecord await(BatchRecord first, Duration wait, Read read, Ticker ticker) throws Exception {
        if (wait.isZero() || first.status().isTerminal()) {
            return first;
        }
        var deadline = ticker.nanoTime() + wait.toNanos();
        var latest = first;
        while (true) {
            var left = deadline - ticker.nanoTime();
            if (left <= 0) {
                return latest;
            }
            ticker.sleep(Duration.ofNanos(Math.min(left, CHECK_EVERY.toNanos())));
            var now = read.read();
            if (now.isEmpty()) {
                return latest;
            }
            latest = now.get();
            if (!latest.progress().equals(first.progress())) {
                return latest;
            }
        }
    }
}
