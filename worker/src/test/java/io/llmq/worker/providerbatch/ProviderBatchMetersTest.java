package io.llmq.worker.providerbatch;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderBatchMetersTest {
    private static final long NOW = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

    @Test
    void shouldShowOpenProviderBatchesTheirWaitingRequestsAndTheOldestAgePerDeployment() {
        var registry = new SimpleMeterRegistry();
        var meters = new ProviderBatchMeters(registry);

        meters.saw(List.of(row("openai", 3, 90), row("openai", 2, 30), row("anthropic", 5, 10)), NOW);

        assertThat(gauge(registry, "llmq.provider.batches.open", "openai")).isEqualTo(2);
        assertThat(gauge(registry, "llmq.provider.batch.requests.waiting", "openai")).isEqualTo(5);
        assertThat(gauge(registry, "llmq.provider.batch.oldest.age.seconds", "openai")).isEqualTo(90);
        assertThat(gauge(registry, "llmq.provider.batches.open", "anthropic")).isEqualTo(1);
    }

    @Test
    void shouldShowZeroOnceTheProviderBatchesEndedOrThisWorkerStoppedLeading() {
        var registry = new SimpleMeterRegistry();
        var meters = new ProviderBatchMeters(registry);
        meters.saw(List.of(row("openai", 3, 90)), NOW);

        meters.saw(List.of(), NOW);

        assertThat(gauge(registry, "llmq.provider.batches.open", "openai")).isZero();
        assertThat(gauge(registry, "llmq.provider.batch.requests.waiting", "openai")).isZero();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String deployment) {
        return registry.get(name).tag("deployment", deployment).gauge().value();
    }

    private static ProviderBatchRow row(String deployment, int jobs, int ageSeconds) {
        return new ProviderBatchRow("k-" + deployment + jobs, "batch_1", deployment, new int[jobs], "pb_1", 1, false,
                Instant.ofEpochMilli(NOW - ageSeconds * 1000L), "t", Priority.NORMAL, BatchStatus.IN_PROGRESS, NOW + 60_000, NOW + 30_000);
    }
}
