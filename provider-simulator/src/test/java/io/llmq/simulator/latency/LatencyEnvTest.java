package io.llmq.simulator.latency;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyEnvTest {
    private static final FixedLatency LAUNCHER_DEFAULT = new FixedLatency(Duration.ofMillis(300), Duration.ofMillis(400));

    @Test
    void shouldKeepTheLaunchersFixedLatencyWhenNothingIsSet() {
        assertThat(LatencyEnv.read(Map.of(), LAUNCHER_DEFAULT)).isEqualTo(LAUNCHER_DEFAULT);
    }

    @Test
    void shouldReadTheFixedModelsVariablesAndIgnoreTheRealisticOnes() {
        var model = LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MS", "15", "LLMQ_SIM_JITTER_MS", "5", "LLMQ_SIM_TTFT_MS", "999"),
                LAUNCHER_DEFAULT);

        assertThat(model).isEqualTo(new FixedLatency(Duration.ofMillis(15), Duration.ofMillis(5)));
    }

    @Test
    void shouldReadEveryRealisticVariable() {
        var model = LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MODEL", " Realistic ", "LLMQ_SIM_TTFT_MS", "400",
                "LLMQ_SIM_MS_PER_TOKEN", "15", "LLMQ_SIM_LATENCY_SIGMA", "1.2", "LLMQ_SIM_STALL_PROBABILITY", "0.002",
                "LLMQ_SIM_STALL_MS", "25000"), LAUNCHER_DEFAULT);

        assertThat(model).isEqualTo(new RealisticLatency(Duration.ofMillis(400), Duration.ofMillis(15), 1.2, 0.002,
                Duration.ofSeconds(25)));
    }

    @Test
    void shouldUseTheDocumentedDefaultsOfTheRealisticModel() {
        var model = LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MODEL", "realistic"), LAUNCHER_DEFAULT);

        assertThat(model).isEqualTo(new RealisticLatency(Duration.ofMillis(500), Duration.ofMillis(20), 1.0, 0.001,
                Duration.ofSeconds(20)));
    }

    @Test
    void shouldDeriveTheModelFromAP50AndP99() {
        var model = (RealisticLatency) LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MODEL", "realistic",
                "LLMQ_SIM_LATENCY_P50_MS", "2000", "LLMQ_SIM_LATENCY_P99_MS", "30000", "LLMQ_SIM_MS_PER_TOKEN", "10"),
                LAUNCHER_DEFAULT);

        assertThat(model.median(RealisticLatency.TYPICAL_OUTPUT_TOKENS)).isEqualTo(Duration.ofSeconds(2));
        assertThat(model.sigma()).isCloseTo(1.164, within(0.001));
    }

    @Test
    void shouldRefuseAPercentileTargetBesideAnExplicitSigma() {
        assertThatThrownBy(() -> LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MODEL", "realistic", "LLMQ_SIM_LATENCY_P50_MS", "2000",
                "LLMQ_SIM_LATENCY_P99_MS", "30000", "LLMQ_SIM_LATENCY_SIGMA", "1"), LAUNCHER_DEFAULT))
                .hasMessageContaining("LLMQ_SIM_LATENCY_SIGMA");
        assertThatThrownBy(() -> LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MODEL", "realistic", "LLMQ_SIM_LATENCY_P50_MS", "2000"),
                LAUNCHER_DEFAULT)).hasMessageContaining("LLMQ_SIM_LATENCY_P99_MS");
    }

    @Test
    void shouldNameTheVariableAndTheValueItCannotRead() {
        assertThatThrownBy(() -> LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MODEL", "gaussian"), LAUNCHER_DEFAULT))
                .hasMessageContaining("LLMQ_SIM_LATENCY_MODEL").hasMessageContaining("'gaussian'");
        assertThatThrownBy(() -> LatencyEnv.read(Map.of("LLMQ_SIM_LATENCY_MODEL", "realistic", "LLMQ_SIM_LATENCY_SIGMA", "wide"),
                LAUNCHER_DEFAULT)).hasMessageContaining("LLMQ_SIM_LATENCY_SIGMA").hasMessageContaining("'wide'");
    }
}
