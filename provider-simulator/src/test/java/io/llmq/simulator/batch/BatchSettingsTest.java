package io.llmq.simulator.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchSettingsTest {

    @Test
    void shouldReadTheDelayFailureRateAndExpiryFromTheEnvironment() {
        var settings = BatchSettings.fromEnv(Map.of("LLMQ_SIM_BATCH_DELAY_MS", "150", "LLMQ_SIM_BATCH_FAILURE_RATE", "0.25",
                "LLMQ_SIM_BATCH_EXPIRY_MS", "60000"));

        assertThat(settings).isEqualTo(new BatchSettings(Duration.ofMillis(150), 0.25, Duration.ofMinutes(1)));
        assertThat(settings.expiryOr(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldDefaultToTwoSecondsNoFailuresAndTheProvidersWindow() {
        var settings = BatchSettings.fromEnv(Map.of());

        assertThat(settings).isEqualTo(BatchSettings.defaults());
        assertThat(settings.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.expiryOr(Duration.ofHours(48))).isEqualTo(Duration.ofHours(48));
    }

    @Test
    void shouldNameTheSettingAndTheValueItRefuses() {
        assertThatThrownBy(() -> BatchSettings.fromEnv(Map.of("LLMQ_SIM_BATCH_FAILURE_RATE", "1.5")))
                .hasMessageContaining("LLMQ_SIM_BATCH_FAILURE_RATE").hasMessageContaining("1.5");
        assertThatThrownBy(() -> BatchSettings.fromEnv(Map.of("LLMQ_SIM_BATCH_DELAY_MS", "soon")))
                .hasMessageContaining("LLMQ_SIM_BATCH_DELAY_MS").hasMessageContaining("soon");
    }
}
