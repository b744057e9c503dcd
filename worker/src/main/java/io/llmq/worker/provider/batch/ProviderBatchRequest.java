package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request of a provider batch.
 *
 * @param customId llmq's name for the request (the job), echoed back on its result: 1 to
 *                 {@value #MAX_CUSTOM_ID} letters, digits, {@code -} and {@code _}, unique in its batch
 *                 (Anthropic's rule for a {@code custom_id}, less the room its adapter takes for the key's tag)
 * @param path     the OpenAI endpoint it would have called alone, e.g. {@code /v1/chat/completions}
 * @param body     the OpenAI-format body with the upstream model name already set; the Anthropic and
 *                 Gemini adapters translate it as their single-call adapters do
 */
public record ProviderBatchRequest(String customId, String path, ObjectNode body) {
    public static final int MAX_CUSTOM_ID = 55;
    private static final java.util.regex.Pattern CUSTOM_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1," + MAX_CUSTOM_ID + "}");

    public ProviderBatchRequest {
        if (customId == null || !CUSTOM_ID.matcher(customId).matches()) {
            throw new IllegalArgumentException("customId must be 1 to " + MAX_CUSTOM_ID + " letters, digits, '-' and '_', got '"
                    + customId + "'");
        }
        if (path == null || !path.startsWith("/v1/")) {
            throw new IllegalArgumentException("path must be an OpenAI endpoint such as /v1/chat/completions, got '" + path + "'");
        }
        if (body == null) {
            throw new IllegalArgumentException("body is required (request " + customId + ")");
        }
    }
}
