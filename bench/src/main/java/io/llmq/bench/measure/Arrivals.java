package io.llmq.bench.measure;

import java.util.Arrays;

/**
 * Receipt times ({@link System#nanoTime()}) of one batch's job events, in the order received. One
 * thread stamps them as it reads, so they never go backwards and a window can be counted by binary
 * search; a growable {@code long[]}, since a 300,000-job backlog would be as many boxed Longs.
 */
final class Arrivals {
    private long[] nanos = new long[64];
    private int size;

    void add(long at) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = at;
    }

    /** Events received in {@code [fromNanos, toNanos)}. */
    int between(long fromNanos, long toNanos) {
        return Math.max(0, firstAtOrAfter(toNanos) - firstAtOrAfter(fromNanos));
    }

    private int firstAtOrAfter(long at) {
        int low = 0;
        int high = size;
        while (low < high) {
            var mid = (low + high) >>> 1;
            if (nanos[mid] - at < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
