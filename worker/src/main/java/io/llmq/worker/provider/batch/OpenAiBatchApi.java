package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * OpenAI's Batch API at a deployment's base URL (ending in {@code /v1}): the requests go up as one JSONL
 * file ({@code POST /files}, purpose {@code batch}, named after the key), the batch is created on it
 * ({@code POST /batches}, window {@code 24h}, the key in {@code metadata.llmq_key}), polled, and its
 * output and error files read line by line.
 *
 * <p>{@link #find} pages through {@code GET /batches} (newest first) down to {@code notBefore}. A worker
 * that died after the upload but before the create leaves an input file no batch uses: nothing is billed
 * for it, and the next create uploads its own.
 */
public final class OpenAiBatchApi implements ProviderBatchApi {
    /** 50,000 requests, 200 MB of input file. */
    public static final Limits LIMITS = new Limits(50_000, 200L * 1024 * 1024);
    static final String KEY_FIELD = "llmq_key";
    private static final int PAGE = 100;

    private final BatchHttp http;
    private final Deployment deployment;
    private final Map<String, String> headers;
    private final Clock clock;

    public OpenAiBatchApi(BatchHttp http, Deployment deployment, String apiKey, Clock clock) {
        this.http = http;
        this.deployment = deployment;
        this.headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        this.clock = clock;
    }

    @Override
    public Limits limits() {
        return LIMITS;
    }

    @Override
    public String create(String key, List<ProviderBatchRequest> requests) throws IOException, InterruptedException {
        var input = OpenAiBatchLines.input(requests, LIMITS);
        // the key names the file for an operator; only safe characters go into the multipart header
        var filename = key.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl";
        var file = http.upload(uri("/files"), headers, Map.of("purpose", "batch"), "file", filename, input, deployment.timeout());
        var create = Json.object().put("input_file_id", file.path("id").asText()).put("endpoint", requests.getFirst().path())
                .put("completion_window", "24h");
        create.putObject("metadata").put(KEY_FIELD, key);
        return id(http.post(uri("/batches"), headers, create, deployment.timeout()), "POST /batches");
    }

    @Override
    public Optional<String> find(String key, Instant notBefore) throws IOException, InterruptedException {
        String after = null;
        while (true) {
            var page = http.get(uri("/batches?limit=" + PAGE + (after == null ? "" : "&after=" + encode(after))), headers,
                    deployment.timeout());
            for (var batch : page.path("data")) {
                if (batch.path("created_at").asLong() < notBefore.getEpochSecond()) {
                    return Optional.empty();
                }
                if (key.equals(batch.path("metadata").path(KEY_FIELD).asText(null))) {
                    return Optional.of(batch.path("id").asText());
                }
            }
            if (!page.path("has_more").asBoolean(false) || page.path("last_id").asText("").isEmpty()) {
                return Optional.empty();
            }
            after = page.path("last_id").asText();
        }
    }

    @Override
    public ProviderBatchStatus poll(String providerBatchId) throws IOException, InterruptedException {
        var batch = batch(providerBatchId);
        var status = batch.path("status").asText("");
        var counts = batch.path("request_counts");
        var state = switch (status) {
            case "completed", "expired", "cancelled" -> ProviderBatchStatus.State.ENDED;
            case "failed" -> ProviderBatchStatus.State.FAILED;
            default -> ProviderBatchStatus.State.RUNNING;
        };
        return new ProviderBatchStatus(state, status, counts.path("total").asInt(), counts.path("completed").asInt(),
                counts.path("failed").asInt());
    }

    @Override
    public void results(String providerBatchId, Consumer<ProviderBatchResult> each) throws IOException, InterruptedException {
        var batch = batch(providerBatchId);
        for (var file : List.of("output_file_id", "error_file_id")) {
            var id = batch.path(file).asText(null);
            if (id != null && !id.isEmpty()) {
                http.lines(uri("/files/" + encode(id) + "/content"), headers, deployment.timeout(),
                        line -> each.accept(OpenAiBatchLines.result(line, clock.instant())));
            }
        }
    }

    /** A batch that has ended already answers 409 to a cancel: there is nothing left to stop. */
    @Override
    public void cancel(String providerBatchId) throws IOException, InterruptedException {
        try {
            http.post(uri("/batches/" + encode(providerBatchId) + "/cancel"), headers, Json.object(), deployment.timeout());
        } catch (ProviderBatchException e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    private JsonNode batch(String id) throws IOException, InterruptedException {
        return http.get(uri("/batches/" + encode(id)), headers, deployment.timeout());
    }

    private static String id(JsonNode answer, String call) throws IOException {
        var id = answer.path("id").asText("");
        if (id.isEmpty()) {
            throw new IOException(call + " answered without an id");
        }
        return id;
    }

    private URI uri(String path) {
        return URI.create(deployment.baseUrl() + path);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
