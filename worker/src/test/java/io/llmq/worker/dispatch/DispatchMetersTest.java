package io.llmq.worker.dispatch;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;
import io.llmq.worker.schedule.QueuedBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DispatchMeters meters = new DispatchMeters(registry);

    private double gauge(String name, String priority) {
        return registry.get(name).tag("priority", priority).gauge().value();
    }

    @Test
    void shouldShowTheBacklogWhileLeadingAndNoneOnceTheLeadIsLost() {
        meters.leading(true);
        meters.saw(List.of(new QueuedBatch("b", "t", Priority.NORMAL, 1000, 300, 300, 120, BatchStatus.IN_PROGRESS, Long.MAX_VALUE, 0,
                false)), 512);

        assertThat(gauge("llmq.dispatch.pending.jobs", "normal")).isEqualTo(700);
        assertThat(gauge("llmq.dispatch.outstanding.jobs", "normal")).isEqualTo(120);
        assertThat(registry.get("llmq.dispatch.window.jobs").gauge().value()).isEqualTo(512);

        meters.leading(false);
        assertThat(registry.get("llmq.dispatch.leader").gauge().value()).isZero();
        assertThat(gauge("llmq.dispatch.pending.jobs", "normal")).as("a former leader's copy would count twice").isZero();
        assertThat(gauge("llmq.dispatch.outstanding.jobs", "normal")).isZero();
        assertThat(registry.get("llmq.dispatch.window.jobs").gauge().value()).isZero();
    }
}
