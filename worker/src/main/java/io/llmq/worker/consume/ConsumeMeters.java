package io.llmq.worker.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;

/** The consume stage's meters: jobs this worker holds, and redeliveries it did not run again. */
public final class ConsumeMeters {
    private final Counter redeliveredSkipped;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ConsumeMeters(MeterRegistry registry) {
        this.redeliveredSkipped = Counter.builder("llmq.jobs.redelivered.skipped")
                .description("Redelivered jobs that already had an outcome and were not run again")
                .register(registry);
        Gauge.builder("llmq.worker.jobs.in.flight", inFlight, AtomicInteger::get)
                .description("Jobs this worker holds: waiting for a permit, calling, or being recorded").register(registry);
    }

    void redeliveredSkipped() {
        redeliveredSkipped.increment();
    }

    public double redeliveredSkippedCount() {
        return redeliveredSkipped.count();
    }

    void inFlight(int value) {
        inFlight.set(value);
    }
}
