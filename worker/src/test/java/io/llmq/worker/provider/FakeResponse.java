package io.llmq.worker.provider;

import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An HTTP answer as a provider would send it, for the adapters' interpretation tests. */
public record FakeResponse(int statusCode, String body, HttpHeaders headers) implements HttpResponse<String> {

    public static FakeResponse of(int status, String body, String... headerPairs) {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return new FakeResponse(status, body, HttpHeaders.of(headers, (a, b) -> true));
    }

    /** A recorded response body from {@code src/test/resources/fixtures}. */
    public static String fixture(String path) {
        try (InputStream in = FakeResponse.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://provider.test/")).build();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return URI.create("http://provider.test/");
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }
}
