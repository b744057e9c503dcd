package io.llmq.worker.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.ProviderResponse;

import java.net.http.HttpHeaders;
import java.util.Map;

/**
 * One inlined response of a Gemini batch, read as the same answer to a single call would be
 * ({@link GeminiClient#interpret}): a {@code response} succeeds with its usage, an {@code error}
 * ({@code google.rpc.Status}) is classified by its code and status; {@code CANCELLED}, and
 * {@code DEADLINE_EXCEEDED} in an expired batch, never ran (retryable).
 */
final class GeminiBatchResults {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (k, v) -> true);

    private GeminiBatchResults() {
    }

    static ProviderOutcome outcome(JsonNode item, String model, boolean batchExpired, long created) {
        if (item.has("response")) {
            return GeminiClient.interpret(new ProviderResponse(200, NO_HEADERS, Json.toText(item.get("response"))), model, created);
        }
        var error = item.path("error");
        var status = error.path("status").asText("");
        if ("CANCELLED".equals(status)) {
            return new ProviderOutcome.Retryable(Failure.BATCH_CANCELLED, -1, "CANCELLED: " + error.path("message").asText(""), null);
        }
        if (batchExpired && "DEADLINE_EXCEEDED".equals(status)) {
            return new ProviderOutcome.Retryable(Failure.BATCH_EXPIRED, -1, "DEADLINE_EXCEEDED: " + error.path("message").asText(""), null);
        }
        var code = error.path("code").asInt(500);
        var body = Json.object();
        body.set("error", error);
        return GeminiClient.interpret(new ProviderResponse(code, NO_HEADERS, Json.toText(body)), model, created);
    }
}
