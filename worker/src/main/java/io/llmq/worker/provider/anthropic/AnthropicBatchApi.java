package io.llmq.worker.provider.anthropic;

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
 * Anthropic's Message Batches API ({@code <base_url>/messages/batches}): each OpenAI-format request is
 * translated as {@link AnthropicClient} translates a single call, and each result back the same way.
 *
 * <p>A message batch has no metadata and shows its requests only once it has ended, so the key travels
 * in the requests: every {@code custom_id} is {@link BatchKeyTag the key's tag} + {@code _} + llmq's id.
 * {@link #find} lists the batches created since {@code notBefore} and reads the first result line of
 * each ended one; while one of them is still running it cannot tell, and says so with an
 * {@link IOException} (ask again later) rather than an empty answer that would create a second batch.
 */
public final class AnthropicBatchApi implements ProviderBatchApi {
    /** 100,000 requests, 256 MB of request body. */
    public static final Limits LIMITS = new Limits(100_000, 256L * 1024 * 1024);
    private static final int PAGE = 100;
    private static final String PROVIDER = "Anthropic";

    private final BatchHttp http;
    private final Deployment deployment;
    private final Map<String, String> headers;
    private final Clock clock;

    public AnthropicBatchApi(BatchHttp http, Deployment deployment, String apiKey, Clock clock) {
        this.http = http;
        this.deployment = deployment;
        this.headers = apiKey == null ? Map.of("anthropic-version", AnthropicClient.VERSION)
                : Map.of("anthropic-version", AnthropicClient.VERSION, "x-api-key", apiKey);
        this.clock = clock;
    }

    @Override
    public Limits limits() {
        return LIMITS;
    }

    @Override
    public Optional<ProviderOutcome> refusal(ProviderBatchRequest request) {
        return BatchChecks.chatRefusal(PROVIDER, request, AnthropicRequest::of);
    }

    @Override
    public String create(String key, List<ProviderBatchRequest> requests) throws IOException, InterruptedException {
        BatchChecks.count(PROVIDER, requests, LIMITS);
        var tag = BatchKeyTag.of(key);
        var body = Json.object();
        var list = body.putArray("requests");
        for (var request : requests) {
            list.addObject().put("custom_id", tag + request.customId())
                    .set("params", BatchChecks.translated(PROVIDER, request, AnthropicRequest::of));
        }
        BatchChecks.bytes(PROVIDER, Json.toBytes(body).length, requests.size(), LIMITS);
        var created = http.post(uri(""), headers, body, deployment.timeout());
        var id = created.path("id").asText("");
        if (id.isEmpty()) {
            throw new IOException("POST /messages/batches answered without an id");
        }
        return id;
    }

    @Override
    public Optional<String> find(String key, Instant notBefore) throws IOException, InterruptedException {
        var tag = BatchKeyTag.of(key);
        var running = 0;
        String after = null;
        while (true) {
            var page = http.get(uri("?limit=" + PAGE + (after == null ? "" : "&after_id=" + encode(after))), headers, deployment.timeout());
            for (var batch : page.path("data")) {
                if (Instant.parse(batch.path("created_at").asText()).isBefore(notBefore)) {
                    return undecided(running, key);
                }
                if (!"ended".equals(batch.path("processing_status").asText())) {
                    running++;
                    continue;
                }
                var first = http.firstLine(uri("/" + encode(batch.path("id").asText()) + "/results"), headers, deployment.timeout());
                if (first.isPresent() && Json.MAPPER.readTree(first.get()).path("custom_id").asText("").startsWith(tag)) {
                    return Optional.of(batch.path("id").asText());
                }
            }
            if (!page.path("has_more").asBoolean(false) || page.path("last_id").asText("").isEmpty()) {
                return undecided(running, key);
            }
            after = page.path("last_id").asText();
        }
    }

    private static Optional<String> undecided(int running, String key) throws IOException {
        if (running > 0) {
            throw new IOException(running + " Anthropic batches created since the key " + key + " was written are still running;"
                    + " whether one is this key's shows only once they end");
        }
        return Optional.empty();
    }

    @Override
    public ProviderBatchStatus poll(String providerBatchId) throws IOException, InterruptedException {
        var batch = http.get(uri("/" + encode(providerBatchId)), headers, deployment.timeout());
        var status = batch.path("processing_status").asText("");
        var c = batch.path("request_counts");
        var failed = c.path("errored").asInt() + c.path("canceled").asInt() + c.path("expired").asInt();
        var succeeded = c.path("succeeded").asInt();
        return new ProviderBatchStatus("ended".equals(status) ? ProviderBatchStatus.State.ENDED : ProviderBatchStatus.State.RUNNING,
                status, c.path("processing").asInt() + succeeded + failed, succeeded, failed);
    }

    @Override
    public void results(String providerBatchId, Consumer<ProviderBatchResult> each) throws IOException, InterruptedException {
        var batch = http.get(uri("/" + encode(providerBatchId)), headers, deployment.timeout());
        var url = batch.path("results_url").asText("");
        var own = uri("/" + encode(providerBatchId) + "/results");
        // results_url is absolute; followed only at the deployment's own origin, so the key is never sent elsewhere
        var results = !url.isEmpty() && sameOrigin(URI.create(url), own) ? URI.create(url) : own;
        http.lines(results, headers, deployment.timeout(), line -> each.accept(AnthropicBatchResults.of(line, clock.instant())));
    }

    @Override
    public void cancel(String providerBatchId) throws IOException, InterruptedException {
        http.post(uri("/" + encode(providerBatchId) + "/cancel"), headers, Json.object(), deployment.timeout());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private URI uri(String rest) {
        return URI.create(deployment.baseUrl() + "/messages/batches" + rest);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
