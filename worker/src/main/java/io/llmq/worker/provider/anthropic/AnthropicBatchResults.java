package io.llmq.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.ProviderResponse;
import io.llmq.worker.provider.batch.ProviderBatchResult;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Map;

/**
 * One line of a message batch's results, as the same answer to a single call would be read
 * ({@link AnthropicClient#interpret}): {@code succeeded} with its message, {@code errored} with an
 * error body classified by its type, {@code canceled} and {@code expired} never ran (retryable).
 */
final class AnthropicBatchResults {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (k, v) -> true);

    private AnthropicBatchResults() {
    }

    static ProviderBatchResult of(String text, Instant now) {
        JsonNode line;
        try {
            line = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("an Anthropic batch result line is not JSON: " + excerpt(text), e);
        }
        var customId = line.path("custom_id").asText(null);
        if (customId == null) {
            throw new IllegalStateException("an Anthropic batch result line has no custom_id: " + excerpt(text));
        }
        var result = line.path("result");
        var outcome = switch (result.path("type").asText("")) {
            case "succeeded" -> AnthropicClient.interpret(new ProviderResponse(200, NO_HEADERS, Json.toText(result.path("message"))), now);
            case "errored" -> {
                var error = result.path("error");
                yield AnthropicClient.interpret(new ProviderResponse(status(error.path("error").path("type").asText("")), NO_HEADERS,
                        Json.toText(error)), now);
            }
            case "canceled" -> new ProviderOutcome.Retryable(Failure.BATCH_CANCELLED, -1, "canceled: the batch was cancelled first", null);
            case "expired" -> new ProviderOutcome.Retryable(Failure.BATCH_EXPIRED, -1, "expired: the batch's 24 hours ended first", null);
            default -> new ProviderOutcome.Retryable(Failure.BAD_RESPONSE, -1, "unknown result type '" + result.path("type").asText() + "'", null);
        };
        return new ProviderBatchResult(BatchKeyTag.strip(customId), outcome);
    }

    /** The HTTP status Anthropic answers a single call with for each error type. */
    private static int status(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }

    private static String excerpt(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
