package io.llmq.schema.ops;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsAccessTest {

    @Test
    void shouldBeOpenWithoutAToken() {
        var access = MetricsAccess.fromEnv(Map.of("LLMQ_METRICS_TOKEN", "  "));

        assertThat(access).isEqualTo(MetricsAccess.OPEN);
        assertThat(access.allows(null)).isTrue();
    }

    @Test
    void shouldAllowOnlyTheBearerOfTheToken() {
        var access = MetricsAccess.fromEnv(Map.of("LLMQ_METRICS_TOKEN", " t0ken "));

        assertThat(access.allows("Bearer t0ken")).isTrue();
        assertThat(access.allows("bearer t0ken")).isTrue();
        assertThat(access.allows(null)).isFalse();
        assertThat(access.allows("t0ken")).isFalse();
        assertThat(access.allows("Bearer t0ke")).isFalse();
        assertThat(access.allows("Bearer t0ken2")).isFalse();
        assertThat(access.allows("Basic dDBrZW4=")).isFalse();
    }
}
