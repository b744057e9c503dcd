package io.llmq.bench.chaos;

import org.junit.jupiter.api.Test;

import static io.llmq.bench.chaos.Disruption.KILL_WORKER;
import static io.llmq.bench.chaos.Disruption.LOSE_BROKER;
import static io.llmq.bench.chaos.Disruption.RESTART_KAFKA;
import static io.llmq.bench.chaos.Disruption.RESTART_POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

class DisruptionTest {

    @Test
    void shouldPutEngineRestartsBetweenWorkerKills() {
        assertThat(Disruption.plan(3, 1, 1, 0)).containsExactly(KILL_WORKER, RESTART_KAFKA, KILL_WORKER, RESTART_POSTGRES, KILL_WORKER);
        assertThat(Disruption.plan(1, 1, 1, 0)).containsExactly(KILL_WORKER, RESTART_KAFKA, RESTART_POSTGRES);
        assertThat(Disruption.plan(0, 0, 1, 0)).containsExactly(RESTART_POSTGRES);
    }

    @Test
    void shouldLoseBrokersBeforeAnyOtherEngineDisruption() {
        assertThat(Disruption.plan(1, 0, 0, 1)).containsExactly(KILL_WORKER, LOSE_BROKER);
        assertThat(Disruption.plan(2, 1, 0, 1)).containsExactly(KILL_WORKER, LOSE_BROKER, KILL_WORKER, RESTART_KAFKA);
    }

    @Test
    void shouldSubmitOneWaveBeforeTheRunAndOneBeforeEachDisruption() {
        assertThat(Disruption.waves(2000, 3)).containsExactly(500, 500, 500, 500);
        assertThat(Disruption.waves(20_000, 5)).containsExactly(3334, 3334, 3333, 3333, 3333, 3333);
        assertThat(Disruption.waves(7, 0)).containsExactly(7);
    }
}
