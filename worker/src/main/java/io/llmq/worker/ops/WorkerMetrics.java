package io.llmq.worker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.atomic.AtomicInteger;

/** The worker's own meters. Names follow Prometheus conventions once exported. */
public final class WorkerMetrics {
    private final MeterRegistry registry;
    private final Counter redeliveredSkipped;
    private final AtomicInteger inFlight = new AtomicInteger();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redeliveredSkipped = Counter.builder("llmq.jobs.redelivered.skipped")
                .description("Redelivered jobs that already had an outcome and were not run again")
                .register(registry);
        registry.gauge("llmq.worker.jobs.in.flight", Tags.empty(), inFlight);
    }

    public void redeliveredSkipped() {
        redeliveredSkipped.increment();
    }

    public double redeliveredSkippedCount() {
        return redeliveredSkipped.count();
    }

    public void inFlight(int value) {
        inFlight.set(value);
    }

    public void finished(String model, boolean succeeded, int count) {
        Counter.builder("llmq.jobs.finished").tag("model", model == null ? "unknown" : model)
                .tag("outcome", succeeded ? "succeeded" : "failed")
                .description("Jobs that reached a terminal state, by model and outcome")
                .register(registry).increment(count);
    }
}
