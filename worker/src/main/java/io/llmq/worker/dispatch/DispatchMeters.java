package io.llmq.worker.dispatch;

import io.llmq.schema.Priority;
import io.llmq.worker.schedule.QueuedBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the dispatcher shows an operator: what waits, what is out, the window, and who leads. */
final class DispatchMeters {
    private final Map<Priority, AtomicLong> pending = new EnumMap<>(Priority.class);
    private final Map<Priority, AtomicLong> outstanding = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> released = new EnumMap<>(Priority.class);
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong leading = new AtomicLong();

    DispatchMeters(MeterRegistry registry) {
        for (var p : Priority.values()) {
            var waiting = new AtomicLong();
            var out = new AtomicLong();
            pending.put(p, waiting);
            outstanding.put(p, out);
            Gauge.builder("llmq.dispatch.pending.jobs", waiting, AtomicLong::get).tag("priority", p.wireName())
                    .description("Accepted jobs not yet released into llmq.jobs (as the active dispatcher saw them)").register(registry);
            Gauge.builder("llmq.dispatch.outstanding.jobs", out, AtomicLong::get).tag("priority", p.wireName())
                    .description("Released jobs not yet ended nor parked: in Kafka or in a worker").register(registry);
            released.put(p, Counter.builder("llmq.dispatch.released").tag("priority", p.wireName())
                    .description("Jobs released into llmq.jobs by this worker's dispatcher").register(registry));
        }
        Gauge.builder("llmq.dispatch.window.jobs", window, AtomicLong::get)
                .description("Work the dispatcher keeps released per class window: the live workers' budgets plus the buffer").register(registry);
        Gauge.builder("llmq.dispatch.leader", leading, AtomicLong::get)
                .description("1 while this worker is the active dispatcher").register(registry);
    }

    void saw(List<QueuedBatch> batches, long windowJobs) {
        Map<Priority, Long> waiting = new EnumMap<>(Priority.class);
        Map<Priority, Long> out = new EnumMap<>(Priority.class);
        for (var b : batches) {
            waiting.merge(b.priority(), (long) Math.max(0, b.pending()), Long::sum);
            out.merge(b.priority(), (long) b.outstanding(), Long::sum);
        }
        for (var p : Priority.values()) {
            pending.get(p).set(waiting.getOrDefault(p, 0L));
            outstanding.get(p).set(out.getOrDefault(p, 0L));
        }
        window.set(windowJobs);
    }

    void released(Priority priority, int jobs) {
        released.get(priority).increment(jobs);
    }

    /** A worker that does not lead shows no backlog: a stale copy of the leader's would add up twice in a sum or a max. */
    void leading(boolean yes) {
        leading.set(yes ? 1 : 0);
        if (!yes) {
            pending.values().forEach(v -> v.set(0));
            outstanding.values().forEach(v -> v.set(0));
            window.set(0);
        }
    }
}
