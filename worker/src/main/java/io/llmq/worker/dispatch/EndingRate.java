package io.llmq.worker.dispatch;

import io.llmq.worker.schedule.QueuedBatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How fast jobs end, from the batches' own counters, as a moving average: the rate the
 * dispatcher's buffer is sized at. Not how fast jobs are released: that grows with the window it
 * would size, and the window would run away. Owned by the dispatcher thread.
 */
final class EndingRate {
    private static final double WEIGHT = 0.2;

    private final LongSupplier nanoTicker;
    private final Map<String, Integer> endedBefore = new HashMap<>();
    private long lastNanos;
    private double perSecond;

    EndingRate(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
        this.lastNanos = nanoTicker.getAsLong();
    }

    /** Takes one tick's look at the queue; returns jobs ending per second now. */
    double observe(List<QueuedBatch> batches) {
        var now = nanoTicker.getAsLong();
        var seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        long ended = 0;
        Map<String, Integer> seen = new HashMap<>();
        for (var b : batches) {
            seen.put(b.batchId(), b.ended());
            // a batch seen for the first time counts from now
            ended += Math.max(0, b.ended() - endedBefore.getOrDefault(b.batchId(), b.ended()));
        }
        endedBefore.clear();
        endedBefore.putAll(seen);
        perSecond = (1 - WEIGHT) * perSecond + WEIGHT * (ended / seconds);
        return perSecond;
    }
}
