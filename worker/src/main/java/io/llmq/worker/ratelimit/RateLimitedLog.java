package io.llmq.worker.ratelimit;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning that may repeat every few hundred milliseconds (a refresh loop against a database that
 * is down) is logged at most once per {@code every}, with the number of repeats it stands for.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long everyNanos;
    private final Ticker ticker;
    private final AtomicLong lastNanos = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile boolean logged;

    RateLimitedLog(Logger log, Duration every, Ticker ticker) {
        this.log = log;
        this.everyNanos = every.toNanos();
        this.ticker = ticker;
    }

    void warn(String message, Object detail) {
        var now = ticker.nanos();
        var last = lastNanos.get();
        if (logged && now - last < everyNanos || !lastNanos.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        logged = true;
        var repeats = suppressed.getAndSet(0);
        log.warn(repeats == 0 ? message + ": {}" : message + ": {} ({} more since the last warning)", detail, repeats);
    }
}
