package io.llmq.simulator;

import io.llmq.simulator.latency.FixedLatency;
import io.llmq.simulator.latency.RealisticLatency;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorConfigTest {

    @Test
    void shouldDefaultToEphemeralPortAnd200MsWithAnyKey() {
        var defaults = SimulatorConfig.defaults();

        assertThat(defaults).isEqualTo(new SimulatorConfig(0, Duration.ofMillis(200), Duration.ZERO, null));
    }

    @Test
    void shouldFallBackToDocumentedDefaultsForAnEmptyEnvironment() {
        var config = SimulatorConfig.fromEnv(Map.of());

        assertThat(config).isEqualTo(new SimulatorConfig(8090, Duration.ofMillis(200), Duration.ZERO, null));
    }

    @Test
    void shouldReadEveryVariable() {
        var config = SimulatorConfig.fromEnv(Map.of(
                "LLMQ_SIM_PORT", "9001",
                "LLMQ_SIM_LATENCY_MS", " 15 ",
                "LLMQ_SIM_JITTER_MS", "5",
                "LLMQ_SIM_API_KEY", "sk-sim"));

        assertThat(config).isEqualTo(new SimulatorConfig(9001, Duration.ofMillis(15), Duration.ofMillis(5), "sk-sim"));
    }

    @Test
    void shouldReadTheRealisticLatencyModel() {
        var config = SimulatorConfig.fromEnv(Map.of("LLMQ_SIM_LATENCY_MODEL", "realistic", "LLMQ_SIM_LATENCY_P50_MS", "2000",
                "LLMQ_SIM_LATENCY_P99_MS", "30000"));

        assertThat(config.latency()).isInstanceOfSatisfying(RealisticLatency.class,
                model -> assertThat(model.median(RealisticLatency.TYPICAL_OUTPUT_TOKENS)).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void shouldReplaceARealisticModelWithAFixedOneWhenGivenAFixedLatency() {
        var config = SimulatorConfig.defaults().withLatencyModel(RealisticLatency.builder().build()).withLatency(Duration.ofMillis(9));

        assertThat(config.latency()).isEqualTo(FixedLatency.of(Duration.ofMillis(9)));
    }

    @Test
    void shouldTreatABlankKeyVariableAsNoKey() {
        assertThat(SimulatorConfig.fromEnv(Map.of("LLMQ_SIM_API_KEY", "  ")).apiKey()).isNull();
    }

    @Test
    void shouldNameTheVariableAndValueThatIsNotANumber() {
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(Map.of("LLMQ_SIM_LATENCY_MS", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LLMQ_SIM_LATENCY_MS")
                .hasMessageContaining("'fast'");
    }

    @Test
    void shouldNameTheSettingAndValueOutOfRange() {
        assertThatThrownBy(() -> SimulatorConfig.defaults().withPort(70_000))
                .hasMessageContaining("port").hasMessageContaining("70000");
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(Map.of("LLMQ_SIM_JITTER_MS", "-1")))
                .hasMessageContaining("latencyJitter").hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> SimulatorConfig.defaults().withLatency(null))
                .hasMessageContaining("latency").hasMessageContaining("null");
        assertThatThrownBy(() -> SimulatorConfig.defaults().withLatency(Duration.ofHours(2)))
                .hasMessageContaining("latency").hasMessageContaining("PT2H");
        assertThatThrownBy(() -> SimulatorConfig.defaults().withApiKey(" "))
                .hasMessageContaining("apiKey");
    }

    @Test
    void shouldChangeOnlyTheSettingAWitherNames() {
        var config = SimulatorConfig.defaults().withPort(1234).withLatency(Duration.ofMillis(7))
                .withLatencyJitter(Duration.ofMillis(3)).withApiKey("k");

        assertThat(config).isEqualTo(new SimulatorConfig(1234, Duration.ofMillis(7), Duration.ofMillis(3), "k"));
    }
}
