package io.llmq.bench.scenario;

import io.llmq.bench.Env;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.PoolMember;
import io.llmq.simulator.limits.ServedLog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolScenarioTest {

    @Test
    void shouldWriteACatalogueOfTwoLimitedDeploymentsAndTheModelAtEachWeighting() {
        var yaml = PoolScenario.catalogue("http://127.0.0.1:2")
                .replace("${BENCH_BASE_URL}", "http://127.0.0.1:1").replace("${BENCH_RPM}", "600");
        var catalogue = Catalogue.parse(yaml, name -> null);

        assertThat(catalogue.deployment(PoolScenario.FIRST).baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
        assertThat(catalogue.deployment(PoolScenario.SECOND).baseUrl()).isEqualTo("http://127.0.0.1:2/v1");
        assertThat(catalogue.deployment(PoolScenario.SECOND).limits().rpm()).isEqualTo(600);
        assertThat(catalogue.model("pool-even").orElseThrow().pool())
                .containsExactly(new PoolMember(PoolScenario.FIRST, 1), new PoolMember(PoolScenario.SECOND, 1));
        assertThat(catalogue.model("pool-three-to-one").orElseThrow().pool())
                .containsExactly(new PoolMember(PoolScenario.FIRST, 3), new PoolMember(PoolScenario.SECOND, 1));
        assertThat(catalogue.model("pool-even").orElseThrow().upstreamModel()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void shouldSplitEachWeightingsSecondsIntoAPacedThirdAndABacklogAndRefuseTooShortARun() {
        var settings = PoolSettings.from(new Env(Map.of("LLMQ_BENCH_SECONDS", "60")));

        assertThat(settings.pacedSeconds()).isEqualTo(20);
        assertThat(settings.backlogSeconds()).isEqualTo(40);
        assertThat(settings.poolRpm()).isEqualTo(1200);
        assertThatThrownBy(() -> PoolSettings.from(new Env(Map.of("LLMQ_BENCH_SECONDS", "10"))))
                .hasMessageContaining("LLMQ_BENCH_SECONDS must be at least 15");
    }

    @Test
    void shouldSizeTheDisablePhasesBacklogForThePoolUntilTheChangeAndTheSecondAloneAfter() {
        var settings = PoolSettings.from(new Env(Map.of("LLMQ_BENCH_SECONDS", "60")));

        assertThat(settings.disableAfterSeconds()).isEqualTo(20);
        // 20 s at 1,200/min, then 40 s at 600/min
        assertThat(settings.disablePhaseJobs()).isEqualTo(400 + 400);
    }

    @Test
    void shouldMeasureTheCarryingDeploymentFromTheGivenSecondToItsLastBusySecondLeftOut() {
        var log = List.of(new ServedLog.Second(100, 20, 0, 0), new ServedLog.Second(105, 10, 0, 0),
                new ServedLog.Second(106, 10, 0, 1), new ServedLog.Second(107, 3, 0, 0), new ServedLog.Second(108, 0, 0, 0));

        var window = DisablePhase.carried(log, 105);

        assertThat(window.fromSecond()).isEqualTo(105);
        assertThat(window.toSecond()).isEqualTo(107);
        assertThat(window.callsPerMinute()).isEqualTo(600.0);
        assertThat(window.http429()).isEqualTo(1);
        assertThat(DisablePhase.carried(log, 107)).isNull();
    }
}
