package io.llmq.bench.chaos;

import org.junit.jupiter.api.Test;

import static io.llmq.bench.chaos.Disruption.KILL_WORKER;
import static io.llmq.bench.chaos.Disruption.RESTART_KAFKA;
import static io.llmq.bench.chaos.Disruption.RESTART_POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DisruptionTest {

    @Test
    void shouldPutEngineRestartsBetweenWorkerKills() {
        assertThat(Disruption.plan(3, 1, 1)).containsExactly(KILL_WORKER, RESTART_KAFKA, KILL_WORKER, RESTART_POSTGRES, KILL_WORKER);
        assertThat(Disruption.plan(1, 1, 1)).containsExactly(KILL_WORKER, RESTART_KAFKA, RESTART_POSTGRES);
        assertThat(Disruption.plan(0, 0, 1)).containsExactly(RESTART_POSTGRES);
    }

    @Test
    void shouldSpreadDisruptionsFromTenToEightyPercent() {
        assertThat(Disruption.at(0, 5)).isEqualTo(0.1);
        assertThat(Disruption.at(4, 5)).isCloseTo(0.8, within(1e-9));
    }
}
