package io.llmq.worker.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.llmq.schema.catalogue.Resilience;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakerSettingsTest {

    @Test
    void shouldTranslateTheCatalogueSettingsIntoResilience4jConfigs() {
        var settings = new Resilience(12, 40, 80, Duration.ofSeconds(20), 30, 15, Duration.ofSeconds(45), 4);

        var breaker = BreakerSettings.breaker(settings);
        var bulkhead = BreakerSettings.bulkhead(settings);

        assertThat(breaker.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
        assertThat(breaker.getSlidingWindowSize()).isEqualTo(30);
        assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(15);
        assertThat(breaker.getFailureRateThreshold()).isEqualTo(40f);
        assertThat(breaker.getSlowCallRateThreshold()).isEqualTo(80f);
        assertThat(breaker.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(4);
        assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(45_000L);
        assertThat(bulkhead.getMaxConcurrentCalls()).isEqualTo(12);
    }

    @Test
    void shouldNeverNeedMoreCallsThanTheWindowHolds() {
        var settings = new Resilience(1, 50, 100, Duration.ofSeconds(1), 5, 50, Duration.ofSeconds(1), 1);

        assertThat(BreakerSettings.breaker(settings).getMinimumNumberOfCalls()).isEqualTo(5);
    }

    @Test
    void shouldRefuseSettingsThatCannotWorkNamingTheSetting() {
        assertThatThrownBy(() -> new Resilience(0, 50, 100, Duration.ofSeconds(1), 5, 5, Duration.ofSeconds(1), 1))
                .hasMessageContaining("max_concurrent_calls");
        assertThatThrownBy(() -> new Resilience(1, 150, 100, Duration.ofSeconds(1), 5, 5, Duration.ofSeconds(1), 1))
                .hasMessageContaining("breaker.failure_rate");
        assertThatThrownBy(() -> new Resilience(1, 50, 100, Duration.ofSeconds(1), 5, 5, Duration.ZERO, 1))
                .hasMessageContaining("breaker.open_seconds");
    }
}
