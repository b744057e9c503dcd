package io.llmq.simulator;

import io.llmq.simulator.latency.RealisticLatency;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.llmq.simulator.ChatRequest.chat;
import static org.assertj.core.api.Assertions.assertThat;

class RealisticLatencyUsageTest {

    /** The delay depends on the output length; the reverse must never hold, or the bill would follow the clock. */
    @Test
    void shouldBillTheSameUsageWhateverTheLatencyModel() {
        var realistic = RealisticLatency.builder().ttft(Duration.ofMillis(5)).perToken(Duration.ofMillis(1)).sigma(0.5)
                .stalls(0.5, Duration.ofMillis(20)).build();
        var request = chat().model("gpt-4o-mini").user("Name three rivers.").json();
        try (var fixed = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ZERO));
             var fixedClient = new SimulatorClient(fixed);
             var slow = ProviderSimulator.start(SimulatorConfig.defaults().withLatencyModel(realistic));
             var slowClient = new SimulatorClient(slow)) {

            var fast = fixedClient.chat(request).json();
            var delayed = slowClient.chat(request).json();

            assertThat(delayed.get("usage")).isEqualTo(fast.get("usage"));
            assertThat(delayed.at("/choices/0/message/content")).isEqualTo(fast.at("/choices/0/message/content"));
            assertThat(slow.bill().totalTokens()).isEqualTo(fixed.bill().totalTokens());
        }
    }
}
