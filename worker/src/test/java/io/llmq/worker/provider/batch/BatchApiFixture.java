package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.simulator.ProviderSimulator;
import io.llmq.simulator.SimulatorConfig;
import io.llmq.simulator.batch.BatchSettings;
import io.llmq.worker.provider.ProviderOutcome;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the three adapters' tests share: a simulator with a batch delay, chat requests, waiting for the end, reading results. */
public final class BatchApiFixture {
    static final String MODEL = "gpt-4o-mini";

    private BatchApiFixture() {
    }

    public static ProviderSimulator simulator(Duration delay) {
        return ProviderSimulator.start(SimulatorConfig.defaults().withBatches(BatchSettings.defaults().withDelay(delay)));
    }

    /** A deployment of {@code provider} with a batch API at the simulator; {@code path} is its base path ({@code /v1}, {@code /v1beta}). */
    public static Deployment deployment(ProviderSimulator simulator, String provider, String path) {
        return new Deployment(provider + "-batch", provider, simulator.baseUrl() + path, null, Duration.ofSeconds(10), null, null,
                true, true);
    }

    public static ProviderBatchRequest chat(String customId, String prompt) {
        var body = Json.object().put("model", MODEL).put("max_tokens", 20);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return new ProviderBatchRequest(customId, "/v1/chat/completions", body);
    }

    public static List<ProviderBatchRequest> chats(String prefix, int n) {
        var out = new ArrayList<ProviderBatchRequest>();
        for (int i = 0; i < n; i++) {
            out.add(chat(prefix + "-" + i, "Say something about the number " + i + "."));
        }
        return out;
    }

    public static ProviderBatchStatus awaitEnd(ProviderBatchApi api, String id) {
        var last = new AtomicReference<ProviderBatchStatus>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last.set(api.poll(id));
            return last.get().state() != ProviderBatchStatus.State.RUNNING;
        });
        return last.get();
    }

    /** Every result by custom id, failing the test if one comes twice. */
    public static Map<String, ProviderOutcome> results(ProviderBatchApi api, String id) throws IOException, InterruptedException {
        Map<String, ProviderOutcome> byId = new ConcurrentHashMap<>();
        api.results(id, r -> assertThat(byId.put(r.customId(), r.outcome())).as("second result for %s", r.customId()).isNull());
        return byId;
    }

    public static ObjectNode body(ProviderOutcome outcome) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(((ProviderOutcome.Success) outcome).body());
    }
}
