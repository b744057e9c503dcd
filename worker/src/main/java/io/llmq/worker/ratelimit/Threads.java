package io.llmq.worker.ratelimit;

import org.slf4j.Logger;

import java.time.Duration;

/** Joining the limiter's own threads on close, with a deadline. */
final class Threads {

    private Threads() {
    }

    /** Waits up to {@code within} for {@code t} to end; interrupts it if it does not. Null means never started. */
    static void join(Thread t, Duration within, Logger log) {
        if (t == null) {
            return;
        }
        try {
            if (!t.join(within)) {
                log.warn("{} did not stop within {}; interrupting it", t.getName(), within);
                t.interrupt();
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
