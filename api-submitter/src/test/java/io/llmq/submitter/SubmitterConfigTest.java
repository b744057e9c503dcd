package io.llmq.submitter;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmitterConfigTest {

    @Test
    void shouldReadTheAdminKeyPublicUrlAndTenantLimitsFromTheEnvironment() {
        var config = SubmitterConfig.fromEnv(Map.of("LLMQ_ADMIN_KEY", "an-admin-key-of-enough-length",
                "LLMQ_PUBLIC_URL", "https://llmq.example.com/", "LLMQ_TENANT_MAX_PENDING_JOBS", "500",
                "LLMQ_TENANT_MAX_PENDING_TOKENS", "90000", "LLMQ_TENANT_RETRY_AFTER_SECONDS", "7",
                "LLMQ_ALLOWED_BODY_FIELDS", "service_tier,store"));
        assertThat(config.adminKey()).isEqualTo("an-admin-key-of-enough-length");
        assertThat(config.publicUrl()).isEqualTo("https://llmq.example.com");
        assertThat(config.limits().maxPendingJobs()).isEqualTo(500);
        assertThat(config.limits().maxPendingTokens()).isEqualTo(90_000);
        assertThat(config.limits().retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.bodyFields().allowedByOperator()).containsExactlyInAnyOrder("service_tier", "store");
        assertThat(config.withHttpPort(0).bodyFields()).isSameAs(config.bodyFields());
    }

    @Test
    void shouldLeaveTheAdminApiOffAndUseDefaultLimitsWhenUnset() {
        var config = SubmitterConfig.fromEnv(Map.of());
        assertThat(config.adminKey()).isNull();
        assertThat(config.publicUrl()).isNull();
        assertThat(config.limits().maxPendingJobs()).isEqualTo(1_000_000);
        assertThat(config.bodyFields().allowedByOperator()).isEmpty();
    }

    @Test
    void shouldNameTheSettingAndTheBadValue() {
        assertThatThrownBy(() -> SubmitterConfig.fromEnv(Map.of("LLMQ_ADMIN_KEY", "short")))
                .hasMessageContaining("LLMQ_ADMIN_KEY").hasMessageContaining("16");
        assertThatThrownBy(() -> SubmitterConfig.fromEnv(Map.of("LLMQ_PUBLIC_URL", "llmq.example.com")))
                .hasMessageContaining("LLMQ_PUBLIC_URL").hasMessageContaining("llmq.example.com");
        assertThatThrownBy(() -> SubmitterConfig.fromEnv(Map.of("LLMQ_TENANT_MAX_PENDING_JOBS", "0")))
                .hasMessageContaining("LLMQ_TENANT_MAX_PENDING_JOBS");
        assertThatThrownBy(() -> SubmitterConfig.fromEnv(Map.of("LLMQ_TENANT_MAX_PENDING_TOKENS", "lots")))
                .hasMessageContaining("LLMQ_TENANT_MAX_PENDING_TOKENS").hasMessageContaining("lots");
        assertThatThrownBy(() -> SubmitterConfig.fromEnv(Map.of("LLMQ_ALLOWED_BODY_FIELDS", "store;n")))
                .hasMessageContaining("LLMQ_ALLOWED_BODY_FIELDS").hasMessageContaining("store;n");
    }
}
