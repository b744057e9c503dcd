package io.llmq.standalone.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.api.ApiException;
import io.llmq.cli.api.LlmqClient;
import io.llmq.cli.api.NewBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The few calls of llmq's public HTTP API that the demo, the bench and the tests make, exactly as
 * any client would: the CLI's {@link LlmqClient}, with llmq's refusals as {@link IOException}s.
 */
public final class ApiClient {
    private final LlmqClient client;

    public ApiClient(String baseUrl, String apiKey) {
        this.client = new LlmqClient(baseUrl, apiKey);
    }

    public JsonNode uploadBatchFile(String filename, byte[] content) throws IOException, InterruptedException {
        return call(() -> client.upload(filename, content), "POST /v1/files");
    }

    public JsonNode createBatch(String inputFileId, String priority) throws IOException, InterruptedException {
        return createBatch(inputFileId, priority, Map.of("source", "llmq demo"));
    }

    /** A 24 h chat batch with its own {@code metadata}, e.g. {@code llmq_route}. */
    public JsonNode createBatch(String inputFileId, String priority, Map<String, String> metadata) throws IOException, InterruptedException {
        return call(() -> client.createBatch(new NewBatch(inputFileId, "/v1/chat/completions", "24h", priority, metadata)),
                "POST /v1/batches");
    }

    public JsonNode batch(String id) throws IOException, InterruptedException {
        return call(() -> client.batch(id), "GET /v1/batches/" + id);
    }

    public void download(String fileId, Path target) throws IOException, InterruptedException {
        call(() -> {
            client.download(fileId, target);
            return null;
        }, "GET /v1/files/" + fileId + "/content");
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException, InterruptedException, ApiException;
    }

    private static <T> T call(Call<T> call, String what) throws IOException, InterruptedException {
        try {
            return call.run();
        } catch (ApiException e) {
            throw new IOException(what + " answered " + e.status() + ": " + e.code() + ": " + e.getMessage(), e);
        }
    }
}
