package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records a server-sent event stream as it arrives, on a thread of its own: events, and comments (heartbeats). */
final class EventStream implements AutoCloseable {
    record Event(String type, String id, String data) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    final int status;
    final String contentType;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;
    private volatile boolean finished;

    private EventStream(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        this.reader = Thread.ofVirtual().name("sse-test-reader").start(this::read);
    }

    static EventStream open(String url, String apiKey, String lastEventId) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new EventStream(HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    boolean finished() {
        return finished;
    }

    List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    String text() {
        return String.join("\n", events.stream().map(e -> e.type() + " " + e.data()).toList());
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String type = null;
            String id = null;
            var data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(type == null ? "message" : type, id, data.toString()));
                    }
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        } finally {
            finished = true;
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
