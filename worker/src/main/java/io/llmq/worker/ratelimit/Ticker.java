package io.llmq.worker.ratelimit;

/**
 * A monotonic clock in nanoseconds, so that logic depending on elapsed time can be tested by
 * moving time instead of sleeping. Only differences between two readings mean anything.
 */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
