package io.llmq.bench.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightBudgetTest {

    @Test
    void shouldSizeTheBudgetByLittlesLawWithHeadroom() {
        // 30,000 RPM = 500 calls/s; × 3 s = 1,500 open; × 2 headroom ÷ 4 workers = 750
        assertThat(InFlightBudget.needed(500, Duration.ofSeconds(3), 4)).isEqualTo(750);
    }

    @Test
    void shouldNeverGoBelowLlmqsOwnDefault() {
        // the limits defaults: 600 RPM at 200 ms is 2 calls open
        assertThat(InFlightBudget.needed(10, Duration.ofMillis(200), 4)).isEqualTo(InFlightBudget.LLMQ_DEFAULT);
    }
}
