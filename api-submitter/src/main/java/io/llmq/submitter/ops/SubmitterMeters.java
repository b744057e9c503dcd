package io.llmq.submitter.ops;

import io.llmq.schema.Priority;
import io.llmq.submitter.stage.StageMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** The submitter's own meters: batches and jobs accepted per priority class. */
public final class SubmitterMeters implements StageMeters {
    private final Map<Priority, Counter> batches = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> jobs = new EnumMap<>(Priority.class);

    public SubmitterMeters(MeterRegistry registry) {
        for (var p : Priority.values()) {
            batches.put(p, Counter.builder("llmq.batches.enqueued").tag("priority", p.wireName())
                    .description("Batches accepted and staged for the dispatcher (transaction committed)").register(registry));
            jobs.put(p, Counter.builder("llmq.jobs.enqueued").tag("priority", p.wireName())
                    .description("Jobs accepted and staged for the dispatcher").register(registry));
        }
    }

    @Override
    public void staged(Priority priority, int count) {
        batches.get(priority).increment();
        jobs.get(priority).increment(count);
    }
}
