package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.OpenAiCompatibleClient;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.ProviderResponse;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The lines of OpenAI's batch files. Input: {@code {"custom_id", "method": "POST", "url", "body"}}.
 * Output and error lines: {@code {"id", "custom_id", "response": {"status_code", "request_id", "body"},
 * "error"}}; a line with a response is read exactly as the same answer to a single call is
 * ({@link OpenAiCompatibleClient#interpret}: a 200 succeeds with its usage, a 4xx is permanent, a 5xx
 * retryable), a line without one ({@code batch_expired}, {@code batch_cancelled}) never ran and is retryable.
 */
final class OpenAiBatchLines {

    private OpenAiBatchLines() {
    }

    /** The input file, after checking that it is one endpoint's and within OpenAI's limits. */
    static byte[] input(List<ProviderBatchRequest> requests, ProviderBatchApi.Limits limits) {
        BatchChecks.count("OpenAI", requests, limits);
        var endpoint = requests.getFirst().path();
        var out = new ByteArrayOutputStream();
        for (var request : requests) {
            if (!request.path().equals(endpoint)) {
                throw new IllegalArgumentException("an OpenAI batch serves one endpoint: " + request.customId() + " is for "
                        + request.path() + ", the batch for " + endpoint);
            }
            var line = Json.object().put("custom_id", request.customId()).put("method", "POST").put("url", request.path());
            line.set("body", request.body());
            out.writeBytes(Json.toBytes(line));
            out.write('\n');
        }
        BatchChecks.bytes("OpenAI", out.size(), requests.size(), limits);
        return out.toByteArray();
    }

    static ProviderBatchResult result(String text, Instant now) {
        JsonNode line;
        try {
            line = Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an OpenAI batch result line is not JSON: " + excerpt(text), e);
        }
        var customId = line.path("custom_id").asText(null);
        if (customId == null) {
            throw new IllegalStateException("an OpenAI batch result line has no custom_id: " + excerpt(text));
        }
        var response = line.path("response");
        if (response.isObject()) {
            var requestId = response.path("request_id").asText(null);
            var headers = HttpHeaders.of(requestId == null ? Map.of() : Map.of("x-request-id", List.of(requestId)), (k, v) -> true);
            var body = response.path("body");
            return new ProviderBatchResult(customId, OpenAiCompatibleClient.interpret(
                    new ProviderResponse(response.path("status_code").asInt(-1), headers, body.isMissingNode() ? "" : Json.toText(body)), now));
        }
        var error = line.path("error");
        var code = error.path("code").asText("");
        var failure = switch (code) {
            case "batch_expired" -> Failure.BATCH_EXPIRED;
            case "batch_cancelled" -> Failure.BATCH_CANCELLED;
            case "request_timeout" -> Failure.TIMEOUT;
            default -> Failure.SERVER_ERROR;
        };
        return new ProviderBatchResult(customId, new ProviderOutcome.Retryable(failure, -1,
                code + ": " + error.path("message").asText(""), null));
    }

    private static String excerpt(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
