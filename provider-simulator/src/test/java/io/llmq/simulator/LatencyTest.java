package io.llmq.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.llmq.simulator.ChatRequest.chat;
import static org.assertj.core.api.Assertions.assertThat;

class LatencyTest {

    private static final Duration LATENCY = Duration.ofMillis(300);

    /** Only a lower bound: on a loaded build machine the upper end says nothing about the simulator. */
    @Test
    void shouldTakeAtLeastTheConfiguredLatency() {
        try (var simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(LATENCY).withLatencyJitter(Duration.ofMillis(50)));
             var client = new SimulatorClient(simulator)) {

            var answer = client.chat(chat("Take your time.").json());

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.took()).isGreaterThanOrEqualTo(LATENCY);
            assertThat(Long.parseLong(answer.header("openai-processing-ms"))).isGreaterThanOrEqualTo(LATENCY.toMillis());
        }
    }

    @Test
    void shouldAnswerErrorsWithoutWaitingOutTheLatency() {
        try (var simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ofMinutes(10)));
             var client = new SimulatorClient(simulator)) {

            var answer = client.chat("{}");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.took()).isLessThan(Duration.ofMinutes(10));
        }
    }
}
