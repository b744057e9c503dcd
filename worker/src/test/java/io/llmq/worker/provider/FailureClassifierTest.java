package io.llmq.worker.provider;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({
            "408, TIMEOUT", "409, CONFLICT", "425, CONFLICT", "429, RATE_LIMITED", "500, SERVER_ERROR",
            "502, SERVER_ERROR", "503, OVERLOADED", "504, SERVER_ERROR", "529, OVERLOADED",
            "400, INVALID_REQUEST", "413, INVALID_REQUEST", "422, INVALID_REQUEST", "401, AUTHENTICATION",
            "403, AUTHENTICATION", "404, NOT_FOUND"})
    void shouldClassifyEveryStatusByItsClass(int status, Failure expected) {
        assertThat(FailureClassifier.ofStatus(status, ErrorFields.NONE)).isEqualTo(expected);
    }

    @Test
    void shouldRetryLoadAndServerFailuresButNotRequestFailures() {
        assertThat(Failure.values()).filteredOn(Failure::retryable).containsExactlyInAnyOrder(Failure.RATE_LIMITED,
                Failure.OVERLOADED, Failure.SERVER_ERROR, Failure.TIMEOUT, Failure.CONFLICT, Failure.CONNECTION,
                Failure.BAD_RESPONSE, Failure.BATCH_EXPIRED, Failure.BATCH_CANCELLED);
    }

    @Test
    void shouldNotCountRateLimitsOrBadRequestsAgainstTheDeploymentsHealth() {
        assertThat(Failure.RATE_LIMITED.unhealthy()).isFalse();
        assertThat(Failure.INVALID_REQUEST.unhealthy()).isFalse();
        assertThat(Failure.SERVER_ERROR.unhealthy()).isTrue();
        assertThat(Failure.TIMEOUT.unhealthy()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "400, context_length_exceeded, CONTEXT_LENGTH", "400, content_filter, CONTENT_FILTERED",
            "400, content_policy_violation, CONTENT_FILTERED", "429, insufficient_quota, QUOTA_EXHAUSTED",
            "429, rate_limit_exceeded, RATE_LIMITED"})
    void shouldClassifyByTheProvidersStructuredErrorCode(int status, String code, Failure expected) {
        assertThat(FailureClassifier.ofStatus(status, new ErrorFields(code, null, "whatever it says"))).isEqualTo(expected);
    }

    @Test
    void shouldClassifyTransportFailuresByExceptionType() {
        assertThat(FailureClassifier.ofException(new java.net.SocketTimeoutException("Read timed out"))).isEqualTo(Failure.TIMEOUT);
        assertThat(FailureClassifier.ofException(new org.apache.hc.client5.http.ConnectTimeoutException("Connect to localhost:1 failed"))).isEqualTo(Failure.CONNECTION);
        assertThat(FailureClassifier.ofException(new ConnectException("refused"))).isEqualTo(Failure.CONNECTION);
        assertThat(FailureClassifier.ofException(new SocketException("Connection reset"))).isEqualTo(Failure.CONNECTION);
        assertThat(FailureClassifier.ofException(new IOException("HTTP/1.1 header parser received no bytes")))
                .isEqualTo(Failure.CONNECTION);
    }

    @Test
    void shouldKeepTheProvidersCodeAndMessageOnAPermanentFailure() {
        var outcome = FailureClassifier.failed(400, "req_1", "{}", new ErrorFields("context_length_exceeded",
                "invalid_request_error", "too long"), null);

        assertThat(outcome).isEqualTo(new ProviderOutcome.Permanent(Failure.CONTEXT_LENGTH, 400, "req_1", "{}",
                "context_length_exceeded", "too long"));
    }
}
