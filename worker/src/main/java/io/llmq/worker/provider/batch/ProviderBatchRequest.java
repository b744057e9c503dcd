package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request of a provider batch.
 *
 * @param customId llmq's name for the request (the job), echoed back on its result
 * @param path     the OpenAI endpoint it would have called alone, e.g. {@code /v1/chat/completions}
 * @param body     the OpenAI-format body with the upstream model name already set; the Anthropic and
 *                 Gemini adapters translate it as their single-call adapters do
 */
public record ProviderBatchRequest(String customId, String path, ObjectNode body) {
}
