package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the provider batch route's tests share: a chat batch on a route, its creation, and waiting for its end. */
final class ProviderBatchRuns {

    private ProviderBatchRuns() {
    }

    /** An inline chat batch with a one-hour window and {@code metadata.llmq_route: route}. */
    static ObjectNode body(Requests requests, String route) {
        var body = Json.object();
        body.put("endpoint", "/v1/chat/completions");
        body.put("completion_window", "1h");
        body.set("requests", requests.array());
        body.putObject("metadata").put("llmq_route", route);
        return body;
    }

    static String create(Http api, ObjectNode body) throws Exception {
        var answer = api.post("/v1/batches", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().path("id").asText();
    }

    /** The batch object once the batch ended, whichever way, and the runner is done with its provider batches. */
    static JsonNode awaitEnded(Http api, String batchId) {
        var seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = api.get("/v1/batches/" + batchId).json();
            // the runner marks a provider batch ended just after the outcomes it wrote have ended the llmq batch
            var settled = true;
            for (var providerBatch : seen[0].at("/llmq/provider_batches")) {
                settled &= !Set.of("creating", "in_progress").contains(providerBatch.path("status").asText());
            }
            return settled && Set.of("completed", "failed", "expired", "cancelled").contains(seen[0].path("status").asText());
        });
        return seen[0];
    }
}
