package io.llmq.worker.provider;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/** Sends one request and turns every transport failure into a retryable outcome, by exception type. */
public final class HttpSend {

    /** The request header naming each call; see {@link ProviderClient#call}. */
    public static final String ATTEMPT_HEADER = "X-Llmq-Attempt";

    private HttpSend() {
    }

    public static ProviderOutcome send(HttpClient http, HttpRequest request, Duration timeout,
                                       Function<HttpResponse<String>, ProviderOutcome> interpret) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            var failure = FailureClassifier.ofException(e);
            var reason = failure == Failure.TIMEOUT ? "timeout after " + timeout.toMillis() + " ms"
                    : "connection failed: " + e.getClass().getSimpleName();
            return new ProviderOutcome.Retryable(failure, -1, reason, null);
        }
        return interpret.apply(response);
    }

    /** Exposed to adapters in sub-packages. */
    public static Duration retryAfter(HttpResponse<String> response) {
        return RetryAfter.of(response.headers());
    }
}
