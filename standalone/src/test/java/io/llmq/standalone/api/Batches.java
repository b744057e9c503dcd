package io.llmq.standalone.api;

import io.llmq.schema.Json;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Small batches for tests about what happens around a batch rather than inside it. */
final class Batches {

    private Batches() {
    }

    /** Creates a batch of inline requests; returns its id. */
    static String inline(Http api, Requests requests) throws Exception {
        var body = Json.object();
        body.put("endpoint", "/v1/chat/completions");
        body.put("completion_window", "24h");
        body.set("requests", requests.array());
        var answer = api.post("/v1/batches", body);
        if (answer.status() != 200) {
            throw new AssertionError("batch create answered " + answer.status() + ": " + answer.text());
        }
        return answer.json().path("id").asText();
    }

    static void awaitStatus(Http api, String batchId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/v1/batches/" + batchId).json().path("status").asText().equals(status));
    }
}
