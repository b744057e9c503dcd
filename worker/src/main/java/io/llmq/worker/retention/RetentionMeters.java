package io.llmq.worker.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** What the sweeper shows an operator: rows removed (or batches and jobs ended) per kind, sweeps done and skipped. */
final class RetentionMeters {
    private final Map<Kind, Counter> rows = new EnumMap<>(Kind.class);
    private final Counter swept;
    private final Counter skipped;

    RetentionMeters(MeterRegistry registry) {
        for (var kind : Kind.values()) {
            rows.put(kind, Counter.builder("llmq.retention.rows").tag("kind", kind.label())
                    .description("Rows the retention sweeper removed, or batches and jobs it ended, per kind").register(registry));
        }
        swept = Counter.builder("llmq.retention.sweeps").tag("result", "swept")
                .description("Retention sweeps, by whether this worker swept or another held the sweep lock").register(registry);
        skipped = Counter.builder("llmq.retention.sweeps").tag("result", "skipped")
                .description("Retention sweeps, by whether this worker swept or another held the sweep lock").register(registry);
    }

    void record(Sweep sweep) {
        if (sweep.skipped()) {
            skipped.increment();
            return;
        }
        swept.increment();
        sweep.counts().forEach((kind, n) -> rows.get(kind).increment(n));
    }
}
