package io.llmq.worker.provider.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Endpoints;
import io.llmq.worker.provider.ProviderClient;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Unsupported;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Serves {@code /v1/responses} and {@code /v1/completions} through a client that speaks chat
 * completions, where its deployment does not answer them itself: the request is translated to a
 * chat request, sent as one, and a successful answer translated back. Usage, model, request id and
 * rate-limit hints are the chat call's, so the ledger records the call exactly as it records chat.
 * Failures pass through unchanged. Every other path, and a path the deployment serves natively,
 * goes to the client as it is.
 */
public final class ViaChat implements ProviderClient {
    private final ProviderClient chat;
    private final Predicate<String> servesNatively;

    /** @param servesNatively whether the deployment answers an endpoint itself, in OpenAI's format */
    public ViaChat(ProviderClient chat, Predicate<String> servesNatively) {
        this.chat = chat;
        this.servesNatively = servesNatively;
    }

    @Override
    public ProviderOutcome call(String path, ObjectNode body, String attemptId) throws InterruptedException {
        var translated = !servesNatively.test(path) && (path.equals(Endpoints.RESPONSES) || path.equals(Endpoints.COMPLETIONS));
        if (!translated) {
            return chat.call(path, body, attemptId);
        }
        ObjectNode request;
        try {
            request = path.equals(Endpoints.RESPONSES) ? ResponsesRequest.toChat(body) : CompletionsTranslation.toChat(body);
        } catch (Unsupported e) {
            return e.outcome();
        }
        var outcome = chat.call(Endpoints.CHAT_COMPLETIONS, request, attemptId);
        if (!(outcome instanceof ProviderOutcome.Success success)) {
            return outcome;
        }
        var answer = path.equals(Endpoints.RESPONSES) ? ResponsesAnswer.fromChat(read(success.body()), body)
                : CompletionsTranslation.fromChat(read(success.body()));
        return new ProviderOutcome.Success(success.statusCode(), success.requestId(), Json.toText(answer), success.model(),
                success.usage(), success.pauseHint());
    }

    /** The chat client produced this body itself (parsed, or translated into chat), so it is JSON. */
    private static com.fasterxml.jackson.databind.JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("a successful chat answer is not JSON", e);
        }
    }
}
