package io.llmq.bench.soak;

import io.llmq.schema.ops.MetricsAccess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The api-submitter's {@code /metrics}, asked over HTTP like any scraper would, with the bearer token
 * when {@code LLMQ_METRICS_TOKEN} is set. The submitter runs in the bench JVM, so its JVM figures are
 * the bench JVM's (the simulator and the bench's own clients included).
 */
final class SubmitterMetrics implements Supplier<Optional<String>> {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI uri;
    private final String token;

    /** @param token the metrics token, or null */
    SubmitterMetrics(String apiBaseUrl, String token) {
        this.uri = URI.create(apiBaseUrl + "/metrics");
        this.token = token;
    }

    static String tokenFrom(io.llmq.bench.Env env) {
        return env.text(MetricsAccess.ENV, null);
    }

    @Override
    public Optional<String> get() {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
