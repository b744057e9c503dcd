package io.llmq.simulator.limits;

import java.util.function.LongSupplier;

/**
 * A continuously refilling bucket. A call is admitted when the bucket holds what it needs (or is
 * full, so a call larger than the bucket can still pass); it then pays what it really used, which
 * may leave the bucket in debt. Not thread-safe: {@link ProviderLimits} serialises access.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double level;
    private long updated;

    TokenBucket(long perMinute, double capacity, LongSupplier nanoTime) {
        this.perNano = perMinute / 60e9;
        this.capacity = Math.max(1, capacity);
        this.nanoTime = nanoTime;
        this.level = this.capacity;
        this.updated = nanoTime.getAsLong();
    }

    /** Nanoseconds until {@code need} would be admitted; 0 if it is admitted now. */
    long waitFor(double need) {
        refill();
        var target = Math.min(need, capacity);
        return level >= target ? 0 : (long) Math.ceil((target - level) / perNano);
    }

    void pay(double used) {
        level -= used;
    }

    double remaining() {
        refill();
        return Math.max(0, level);
    }

    /** Nanoseconds until the bucket is full again. */
    long untilFull() {
        refill();
        return level >= capacity ? 0 : (long) Math.ceil((capacity - level) / perNano);
    }

    private void refill() {
        var now = nanoTime.getAsLong();
        level = Math.min(capacity, level + (now - updated) * perNano);
        updated = now;
    }
}
