package io.llmq.worker.retention;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How one sweep went: what it removed or ended per kind, and how long it took; or that it was
 * skipped because another sweeper held the lock.
 */
public record Sweep(boolean skipped, Map<Kind, Long> counts, Duration took) {

    static Sweep skippedOne() {
        return new Sweep(true, Map.of(), Duration.ZERO);
    }

    static Sweep of(EnumMap<Kind, Long> counts, Duration took) {
        return new Sweep(false, Collections.unmodifiableMap(counts), took);
    }

    public long count(Kind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** {@code files=2 file_chunks=9 ...}, every kind, for the sweep's log line. */
    String summary() {
        return counts.entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
