package io.llmq.worker.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HTTP answers as a provider would send them, for the adapters' interpretation tests. */
public final class FakeResponse {

    private FakeResponse() {
    }

    public static ProviderResponse of(int status, String body, String... headerPairs) {
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return new ProviderResponse(status, HttpHeaders.of(headers, (a, b) -> true), body);
    }

    /** A recorded response body from {@code src/test/resources/fixtures}. */
    public static String fixture(String path) {
        try (InputStream in = FakeResponse.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
