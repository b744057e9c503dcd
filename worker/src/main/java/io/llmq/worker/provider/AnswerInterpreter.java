package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns one HTTP answer into a {@link ProviderOutcome} the same way for every wire format: a non-2xx
 * is classified from the format's error fields; a 2xx that does not parse as the format's answer is
 * a retryable bad body (a truncated stream, a proxy's page); a whole answer is translated into
 * OpenAI's format. Each adapter configures one with what its format does differently.
 *
 * @param requestIdHeader     where the provider names the request, for support tickets
 * @param isAnswer            whether a parsed JSON object is this format's answer
 * @param notAnAnswer         the reason recorded when it is not
 * @param errorFields         the structured parts of this format's error body
 * @param readsRateLimitHints whether successful answers carry rate-limit headers worth a pause
 */
public record AnswerInterpreter(String requestIdHeader, Predicate<JsonNode> isAnswer, String notAnAnswer,
                                Function<String, ErrorFields> errorFields, boolean readsRateLimitHints) {

    /** A whole answer of the provider's format, as OpenAI's. */
    @FunctionalInterface
    public interface Translation {
        Translated translate(JsonNode answer, String body);
    }

    /** @param body an OpenAI-format body; @param model the model the provider says answered */
    public record Translated(String body, String model, Usage usage) {
    }

    /** @param now when the answer arrived, against which rate-limit resets given as instants are read */
    public ProviderOutcome interpret(ProviderResponse response, Instant now, Translation translation) {
        var status = response.statusCode();
        var requestId = response.headers().firstValue(requestIdHeader).orElse(null);
        if (status / 100 != 2) {
            return FailureClassifier.failed(status, requestId, response.body(), errorFields.apply(response.body()),
                    response.retryAfter());
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return FailureClassifier.badBody(status, "unparsable response body (" + response.body().length() + " bytes)");
        }
        if (answer == null || !answer.isObject() || !isAnswer.test(answer)) {
            return FailureClassifier.badBody(status, notAnAnswer);
        }
        var translated = translation.translate(answer, response.body());
        return new ProviderOutcome.Success(status, requestId, translated.body(), translated.model(), translated.usage(),
                readsRateLimitHints ? RateLimitHints.pauseHint(response.headers(), now) : null);
    }
}
