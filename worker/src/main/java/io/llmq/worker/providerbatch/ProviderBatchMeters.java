package io.llmq.worker.providerbatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the provider batch runner shows an operator, per deployment: provider batches open, the
 * requests waiting in them, and the age of the oldest. Only the active runner reports; the others
 * show zero, so a sum over workers counts each provider batch once.
 */
final class ProviderBatchMeters {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong[]> byDeployment = new HashMap<>();

    ProviderBatchMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The open rows of this look ({@code nowMillis} for their age); an empty list when this worker does not lead. */
    void saw(List<ProviderBatchRow> open, long nowMillis) {
        Map<String, long[]> figures = new HashMap<>();
        for (var row : open) {
            var f = figures.computeIfAbsent(row.deployment(), d -> new long[3]);
            f[0]++;
            f[1] += row.jobSeqs().length;
            f[2] = Math.max(f[2], (nowMillis - row.createdAt().toEpochMilli()) / 1000);
        }
        byDeployment.forEach((d, gauges) -> {
            if (!figures.containsKey(d)) {
                figures.put(d, new long[3]);
            }
        });
        figures.forEach((deployment, f) -> {
            var gauges = byDeployment.computeIfAbsent(deployment, this::register);
            for (int i = 0; i < 3; i++) {
                gauges[i].set(f[i]);
            }
        });
    }

    private AtomicLong[] register(String deployment) {
        var gauges = new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()};
        Gauge.builder("llmq.provider.batches.open", gauges[0], AtomicLong::get).tag("deployment", deployment)
                .description("Provider batches created or being created and not yet ended").register(registry);
        Gauge.builder("llmq.provider.batch.requests.waiting", gauges[1], AtomicLong::get).tag("deployment", deployment)
                .description("Requests in open provider batches: waiting for the provider's answer").register(registry);
        Gauge.builder("llmq.provider.batch.oldest.age.seconds", gauges[2], AtomicLong::get).tag("deployment", deployment)
                .description("Age of the oldest open provider batch").register(registry);
        return gauges;
    }
}
