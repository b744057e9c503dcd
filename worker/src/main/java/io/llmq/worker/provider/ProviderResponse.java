package io.llmq.worker.provider;

import java.net.http.HttpHeaders;
import java.time.Duration;

/** One whole HTTP answer of a provider: what the adapters interpret. Header names are case-insensitive. */
public record ProviderResponse(int statusCode, HttpHeaders headers, String body) {

    public Duration retryAfter() {
        return RetryAfter.of(headers);
    }
}
