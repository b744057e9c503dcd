package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Endpoints;
import io.llmq.schema.catalogue.ModelEntry;

/** Which body checks and which token estimate apply to a line of each batch endpoint. */
final class EndpointBodies {

    private EndpointBodies() {
    }

    static LineError check(String endpoint, int lineNo, ObjectNode body, ModelEntry model) {
        return switch (endpoint) {
            case Endpoints.RESPONSES -> ResponsesBody.check(lineNo, body, model);
            case Endpoints.COMPLETIONS -> CompletionsBody.check(lineNo, body, model);
            case Endpoints.EMBEDDINGS -> EmbeddingBody.check(lineNo, body);
            case Endpoints.MODERATIONS -> ModerationBody.check(lineNo, body);
            default -> ChatBody.check(lineNo, body, model);
        };
    }

    static long estimatedInputTokens(String endpoint, ObjectNode body) {
        return switch (endpoint) {
            case Endpoints.RESPONSES -> ResponsesBody.estimatedInputTokens(body);
            case Endpoints.COMPLETIONS -> CompletionsBody.estimatedInputTokens(body);
            case Endpoints.EMBEDDINGS -> EmbeddingBody.estimatedInputTokens(body);
            case Endpoints.MODERATIONS -> ModerationBody.estimatedInputTokens(body);
            default -> ChatBody.estimatedInputTokens(body);
        };
    }
}
