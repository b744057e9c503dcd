package io.llmq.worker.provider;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHintsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
    }

    @Test
    void shouldPauseUntilOpenAisResetWhenNothingIsLeft() {
        var hint = RateLimitHints.pauseHint(headers(Map.of(
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1.5s",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s")), NOW);
        assertThat(hint).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void shouldNotPauseWhileCapacityRemains() {
        assertThat(RateLimitHints.pauseHint(headers(Map.of(
                "x-ratelimit-remaining-requests", "12", "x-ratelimit-reset-requests", "1s")), NOW)).isNull();
        assertThat(RateLimitHints.pauseHint(headers(Map.of()), NOW)).isNull();
    }

    @Test
    void shouldPauseUntilAnthropicsResetInstant() {
        var hint = RateLimitHints.pauseHint(headers(Map.of(
                "anthropic-ratelimit-tokens-remaining", "0", "anthropic-ratelimit-tokens-reset", "2026-11-23T12:00:20Z")), NOW);
        assertThat(hint).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldReadGoStyleDurationsAndRefuseGarbage() {
        assertThat(RateLimitHints.goDuration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(RateLimitHints.goDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RateLimitHints.goDuration("soon")).isNull();
    }
}
