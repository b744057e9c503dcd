package io.llmq.bench.measure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link ProviderTap} saw: for each marked id the arrival of its first served (200)
 * attempt, the arrivals of every unmarked served call, and the 429s of either kind. Times are
 * {@link System#nanoTime()} of this JVM, the same clock the scenario stamps its submits with.
 */
public final class TapLog {
    private final Map<String, Long> markedServed = new HashMap<>();
    private final List<Long> unmarkedServed = new ArrayList<>();
    private long marked429;
    private long unmarked429;

    synchronized void record(long arrivedNanos, String markId, int status) {
        if (status == 200) {
            if (markId != null) {
                markedServed.putIfAbsent(markId, arrivedNanos);
            } else {
                unmarkedServed.add(arrivedNanos);
            }
        } else if (status == 429) {
            if (markId != null) {
                marked429++;
            } else {
                unmarked429++;
            }
        }
    }

    /** Arrival of the served attempt of each marked id seen so far. */
    public synchronized Map<String, Long> markedServed() {
        return Map.copyOf(markedServed);
    }

    public synchronized int markedServedCount() {
        return markedServed.size();
    }

    /** Unmarked calls served whose arrival fell in {@code [fromNanos, toNanos)}. */
    public synchronized long unmarkedServedBetween(long fromNanos, long toNanos) {
        return unmarkedServed.stream().filter(t -> t - fromNanos >= 0 && t - toNanos < 0).count();
    }

    public synchronized long unmarkedServed() {
        return unmarkedServed.size();
    }

    public synchronized long marked429() {
        return marked429;
    }

    public synchronized long unmarked429() {
        return unmarked429;
    }
}
