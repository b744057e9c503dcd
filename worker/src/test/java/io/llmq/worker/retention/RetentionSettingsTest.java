package io.llmq.worker.retention;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sweeper's settings from the environment: defaults, overrides, and refusals naming the setting. */
class RetentionSettingsTest {

    @Test
    void shouldDefaultToTheDocumentedPeriods() {
        var settings = RetentionSettings.fromEnv(Map.of());

        assertThat(settings).isEqualTo(RetentionSettings.defaults());
        assertThat(settings.every()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.batchRows()).isEqualTo(5000);
        assertThat(settings.results()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.holds()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.validatingTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.enabled()).isTrue();
    }

    @Test
    void shouldReadEveryPeriodAndTurnOffAtZero() {
        var settings = RetentionSettings.fromEnv(Map.of("LLMQ_RETENTION_EVERY_SECONDS", "0", "LLMQ_RETENTION_BATCH_ROWS", "100",
                "LLMQ_RETENTION_RESULTS_SECONDS", "7", "LLMQ_RETENTION_SESSIONS_SECONDS", "8", "LLMQ_RETENTION_HOLDS_SECONDS", "9",
                "LLMQ_RETENTION_IDEMPOTENCY_SECONDS", "10", "LLMQ_VALIDATING_TIMEOUT_SECONDS", "600", "LLMQ_UNREACHED_GRACE_SECONDS", "11"));

        assertThat(settings.enabled()).isFalse();
        assertThat(settings).isEqualTo(new RetentionSettings(Duration.ZERO, 100, Duration.ofSeconds(7), Duration.ofSeconds(8),
                Duration.ofSeconds(9), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(11)));
    }

    @Test
    void shouldRefuseBadValuesNamingTheSetting() {
        assertThatThrownBy(() -> RetentionSettings.fromEnv(Map.of("LLMQ_RETENTION_BATCH_ROWS", "0")))
                .hasMessageContaining("LLMQ_RETENTION_BATCH_ROWS").hasMessageContaining("0");
        assertThatThrownBy(() -> RetentionSettings.fromEnv(Map.of("LLMQ_RETENTION_RESULTS_SECONDS", "-1")))
                .hasMessageContaining("LLMQ_RETENTION_RESULTS_SECONDS");
        assertThatThrownBy(() -> RetentionSettings.fromEnv(Map.of("LLMQ_VALIDATING_TIMEOUT_SECONDS", "5")))
                .hasMessageContaining("LLMQ_VALIDATING_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> RetentionSettings.fromEnv(Map.of("LLMQ_RETENTION_EVERY_SECONDS", "-5")))
                .hasMessageContaining("LLMQ_RETENTION_EVERY_SECONDS");
    }
}
