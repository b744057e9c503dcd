package io.llmq.worker.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.batch.BatchChecks;
import io.llmq.worker.provider.batch.BatchHttp;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchRequest;
import io.llmq.worker.provider.batch.ProviderBatchResult;
import io.llmq.worker.provider.batch.ProviderBatchStatus;

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
 * Gemini's batch mode with inlined requests ({@code POST <base_url>/models/<model>:batchGenerateContent}):
 * one batch per model, each OpenAI-format request translated as {@link GeminiClient} translates a
 * single call and named by its {@code metadata.key} (llmq's id), the batch's {@code display_name}
 * the key. The provider batch id is Gemini's operation name, {@code batches/<id>}.
 *
 * <p>Inlined requests fit 20 MB; the answers come inlined in the operation, so a batch's results are
 * read in one answer of about that size rather than line by line.
 */
public final class GeminiBatchApi implements ProviderBatchApi {
    /** Inlined requests: Gemini takes up to 20 MB of them in one call. */
    public static final Limits LIMITS = new Limits(100_000, 20L * 1024 * 1024);
    private static final int PAGE = 100;
    private static final String PROVIDER = "Gemini";

    private final BatchHttp http;
    private final Deployment deployment;
    private final Map<String, String> headers;
    private final Clock clock;

    public GeminiBatchApi(BatchHttp http, Deployment deployment, String apiKey, Clock clock) {
        this.http = http;
        this.deployment = deployment;
        this.headers = apiKey == null ? Map.of() : Map.of("x-goog-api-key", apiKey);
        this.clock = clock;
    }

    @Override
    public Limits limits() {
        return LIMITS;
    }

    @Override
    public Optional<ProviderOutcome> refusal(ProviderBatchRequest request) {
        return BatchChecks.chatRefusal(PROVIDER, request, GeminiRequest::of);
    }

    @Override
    public String create(String key, List<ProviderBatchRequest> requests) throws IOException, InterruptedException {
        BatchChecks.count(PROVIDER, requests, LIMITS);
        var model = requests.getFirst().body().path("model").asText();
        var body = Json.object();
        var batch = body.putObject("batch").put("display_name", key);
        var list = batch.putObject("input_config").putObject("requests").putArray("requests");
        for (var request : requests) {
            if (!model.equals(request.body().path("model").asText())) {
                throw new IllegalArgumentException("a Gemini batch serves one model: " + request.customId() + " is for "
                        + request.body().path("model").asText() + ", the batch for " + model);
            }
            var item = list.addObject();
            item.set("request", BatchChecks.translated(PROVIDER, request, GeminiRequest::of));
            item.putObject("metadata").put("key", request.customId());
        }
        BatchChecks.bytes(PROVIDER, Json.toBytes(body).length, requests.size(), LIMITS);
        var operation = http.post(URI.create(deployment.baseUrl() + "/models/" + encode(model) + ":batchGenerateContent"), headers, body,
                deployment.timeout());
        var name = operation.path("name").asText("");
        if (!name.startsWith("batches/")) {
            throw new IOException("batchGenerateContent answered without a batch name");
        }
        return name;
    }

    /** Pages through every batch: Gemini promises no order, so none is skipped by its age. */
    @Override
    public Optional<String> find(String key, Instant notBefore) throws IOException, InterruptedException {
        String token = null;
        do {
            var page = http.get(URI.create(deployment.baseUrl() + "/batches?pageSize=" + PAGE + (token == null ? "" : "&pageToken="
                    + encode(token))), headers, deployment.timeout());
            for (var operation : page.path("operations")) {
                var meta = operation.path("metadata");
                if (key.equals(meta.path("displayName").asText(null)) && !Instant.parse(meta.path("createTime").asText()).isBefore(notBefore)) {
                    return Optional.of(operation.path("name").asText());
                }
            }
            token = page.path("nextPageToken").asText(null);
        } while (token != null && !token.isEmpty());
        return Optional.empty();
    }

    @Override
    public ProviderBatchStatus poll(String providerBatchId) throws IOException, InterruptedException {
        var meta = operation(providerBatchId).path("metadata");
        var state = meta.path("state").asText("");
        var stats = meta.path("batchStats");
        return new ProviderBatchStatus(switch (state) {
            case "BATCH_STATE_SUCCEEDED", "BATCH_STATE_CANCELLED", "BATCH_STATE_EXPIRED" -> ProviderBatchStatus.State.ENDED;
            case "BATCH_STATE_FAILED" -> ProviderBatchStatus.State.FAILED;
            default -> ProviderBatchStatus.State.RUNNING;
        }, state, stats.path("requestCount").asInt(), stats.path("successfulRequestCount").asInt(), stats.path("failedRequestCount").asInt());
    }

    @Override
    public void results(String providerBatchId, Consumer<ProviderBatchResult> each) throws IOException, InterruptedException {
        var operation = operation(providerBatchId);
        var model = operation.path("metadata").path("model").asText("").replaceFirst("^models/", "");
        var expired = "BATCH_STATE_EXPIRED".equals(operation.path("metadata").path("state").asText());
        var items = operation.path("response").path("inlinedResponses").path("inlinedResponses");
        var inputs = operation.path("metadata").path("inputConfig").path("requests").path("requests");
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            var customId = item.path("metadata").path("key").asText(inputs.path(i).path("metadata").path("key").asText(""));
            if (customId.isEmpty()) {
                throw new IOException(providerBatchId + ": inlined response " + i + " names no request (no metadata.key)");
            }
            each.accept(new ProviderBatchResult(customId, GeminiBatchResults.outcome(item, model, expired, clock.millis() / 1000)));
        }
    }

    @Override
    public void cancel(String providerBatchId) throws IOException, InterruptedException {
        http.post(uri(providerBatchId + ":cancel"), headers, Json.object(), deployment.timeout());
    }

    private JsonNode operation(String name) throws IOException, InterruptedException {
        return http.get(uri(name), headers, deployment.timeout());
    }

    /** The operation name keeps its slash: {@code batches/<id>} is a path, not one segment. */
    private URI uri(String name) {
        if (!name.matches("batches/[A-Za-z0-9_-]+(:cancel)?")) {
            throw new IllegalArgumentException("a Gemini batch id is batches/<id>, got '" + name + "'");
        }
        return URI.create(deployment.baseUrl() + "/" + name);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
