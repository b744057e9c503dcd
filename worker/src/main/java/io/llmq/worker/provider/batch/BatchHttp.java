package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The HTTP of the batch adapters: JSON calls, one multipart upload and line-by-line downloads. The JDK's
 * client rather than the single calls' {@code ProviderHttp}: a batch API is called a few times per
 * thousands of requests, so the per-call CPU that made {@code ProviderHttp} choose Apache's client does
 * not matter here, while streaming a result file line by line does. Nothing is retried here: a failed
 * call throws and the caller, which keeps its state durable, asks again.
 */
public final class BatchHttp implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public JsonNode get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        return json("GET " + uri.getPath(), request(uri, headers, timeout).GET());
    }

    public JsonNode post(URI uri, Map<String, String> headers, JsonNode body, Duration timeout) throws IOException, InterruptedException {
        return json("POST " + uri.getPath(), request(uri, headers, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))));
    }

    /** A {@code multipart/form-data} POST of text {@code fields} and one file. */
    public JsonNode upload(URI uri, Map<String, String> headers, Map<String, String> fields, String fileField, String filename,
                           byte[] content, Duration timeout) throws IOException, InterruptedException {
        var boundary = "llmq-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream(content.length + 512);
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return json("POST " + uri.getPath(), request(uri, headers, timeout).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Streams a JSONL answer to {@code each}, one non-blank line at a time, never holding the whole answer. */
    public void lines(URI uri, Map<String, String> headers, Duration timeout, Consumer<String> each)
            throws IOException, InterruptedException {
        streamed(uri, headers, timeout, lines -> {
            lines.forEach(each);
            return null;
        });
    }

    /** The first non-blank line of a JSONL answer, reading no further. */
    public Optional<String> firstLine(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        return streamed(uri, headers, timeout, Stream::findFirst);
    }

    private <T> T streamed(URI uri, Map<String, String> headers, Duration timeout, Function<Stream<String>, T> read)
            throws IOException, InterruptedException {
        var response = client.send(request(uri, headers, timeout).GET().build(), HttpResponse.BodyHandlers.ofLines());
        try (var lines = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new ProviderBatchException("GET " + uri.getPath(), response.statusCode(), String.join("\n", lines.limit(20).toList()));
            }
            return read.apply(lines.filter(line -> !line.isBlank()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private JsonNode json(String call, HttpRequest.Builder request) throws IOException, InterruptedException {
        var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new ProviderBatchException(call, response.statusCode(), response.body());
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(call + " answered a body that is not JSON (" + response.body().length() + " characters)", e);
        }
    }

    private static HttpRequest.Builder request(URI uri, Map<String, String> headers, Duration timeout) {
        var request = HttpRequest.newBuilder(uri).timeout(timeout);
        headers.forEach(request::header);
        return request;
    }

    @Override
    public void close() {
        client.close();
    }
}
