package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;

/**
 * The checks a legacy {@code /v1/completions} body must pass: {@code prompt} is a non-empty string
 * (or an array holding exactly one), {@code max_tokens} within the model's limit. An array of several
 * prompts asks for several completions in one request, each billed, like {@code n}: a batch sends
 * one line per prompt instead. Token-id prompts are refused too: only a deployment with the same
 * vocabulary could read them, and the worker may translate the request for a chat-only server.
 */
final class CompletionsBody {

    private CompletionsBody() {
    }

    static LineError check(int lineNo, ObjectNode body, ModelEntry model) {
        var prompt = body.get("prompt");
        var single = prompt != null && prompt.isArray() && prompt.size() == 1 ? prompt.get(0) : prompt;
        if (single == null || !single.isTextual() || single.asText().isEmpty()) {
            var problem = prompt != null && prompt.isArray() && prompt.size() > 1
                    ? "holds " + prompt.size() + " prompts; a batch line carries one (send one line per prompt)."
                    : "must be a non-empty string (token-id prompts are not accepted).";
            return new LineError(lineNo, "invalid_prompt", "body.prompt", "Line " + lineNo + ": body.prompt " + problem);
        }
        var limitError = OutputLimit.check(lineNo, body, "max_tokens", model);
        return limitError != null ? limitError : OutputLimit.notStreamed(lineNo, body);
    }

    static long estimatedInputTokens(ObjectNode body) {
        var prompt = body.path("prompt");
        return (prompt.isArray() ? prompt.path(0) : prompt).asText("").length() / 4 + 1;
    }
}
