package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.simulator.ProviderSimulator;
import io.llmq.simulator.SimulatorConfig;
import io.llmq.simulator.batch.BatchSettings;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link ProviderBatchApi} adapter must do, against the simulator's batch API of its
 * provider over real HTTP; one thin subclass per adapter adds what only its provider does. Two
 * simulators: {@code quick} ends a batch in 400 ms, {@code slow} takes 20 s, so a cancel or an
 * expiry lands before any line is answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderBatchApiContract {
    protected static final String MODEL = "gpt-4o-mini";

    protected ProviderSimulator quick;
    protected ProviderSimulator slow;
    protected BatchHttp http;

    /** The adapter under test, aimed at {@code simulator}. */
    protected abstract ProviderBatchApi api(ProviderSimulator simulator);

    /** The provider's words for a batch that completed, was cancelled, expired. */
    protected abstract List<String> endedStatuses();

    @BeforeAll
    void start() {
        quick = simulator(Duration.ofMillis(400));
        slow = simulator(Duration.ofSeconds(20));
        http = new BatchHttp();
    }

    @AfterAll
    void stop() {
        http.close();
        quick.close();
        slow.close();
    }

    @Test
    void shouldAnswerEveryRequestOnceInOpenAisFormatWithTheUsageTheBillShowsAsBatchServed() throws Exception {
        var api = api(quick);
        var before = quick.bill();
        var id = api.create(key(), chats("job", 4));

        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(status.state()).isEqualTo(ProviderBatchStatus.State.ENDED);
        assertThat(status.providerStatus()).isEqualTo(endedStatuses().get(0));
        assertThat(status.total()).isEqualTo(4);
        assertThat(status.succeeded()).isEqualTo(4);
        assertThat(results).containsOnlyKeys("job-0", "job-1", "job-2", "job-3");
        long tokens = 0;
        for (var outcome : results.values()) {
            var success = (ProviderOutcome.Success) outcome;
            assertThat(success.usage().inputTokens()).isPositive();
            assertThat(success.usage().outputTokens()).isPositive();
            assertThat(body(outcome).path("object").asText()).isEqualTo("chat.completion");
            tokens += success.usage().inputTokens() + success.usage().outputTokens();
        }
        var bill = quick.bill();
        assertThat(bill.batchCalls() - before.batchCalls()).isEqualTo(4);
        assertThat(bill.batchTokens() - before.batchTokens()).isEqualTo(tokens);
        assertThat(quick.billedCalls()).filteredOn(c -> id.equals(c.providerBatchId())).hasSize(4);
    }

    @Test
    void shouldReturnARequestThatFailedInsideTheBatchBesideTheAnsweredOnes() throws Exception {
        var api = api(quick);
        var requests = new ArrayList<>(chats("ok", 2));
        requests.add(chat("server-error", "Please fail llmq-sim:batch-fail"));
        var id = api.create(key(), requests);

        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(status.succeeded()).isEqualTo(2);
        assertThat(status.failed()).isEqualTo(1);
        assertThat(results.get("ok-1")).isInstanceOf(ProviderOutcome.Success.class);
        assertThat(results.get("server-error")).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.SERVER_ERROR));
    }

    @Test
    void shouldReturnUnansweredRequestsAsCancelledWhenTheBatchIsCancelled() throws Exception {
        var api = api(slow);
        var id = api.create(key(), chats("c", 3));

        api.cancel(id);
        var status = awaitEnd(api, id);

        assertThat(status.providerStatus()).isEqualTo(endedStatuses().get(1));
        assertThat(status.failed()).isEqualTo(3);
        assertThat(results(api, id)).hasSize(3).allSatisfy((customId, outcome) -> assertThat(outcome)
                .isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> assertThat(r.failure()).isEqualTo(Failure.BATCH_CANCELLED)));
    }

    @Test
    void shouldReturnUnansweredRequestsAsExpiredWhenTheWindowEnds() throws Exception {
        var api = api(slow);
        var id = api.create(key(), chats("e", 3));

        slow.expireBatches();
        var status = awaitEnd(api, id);

        assertThat(status.providerStatus()).isEqualTo(endedStatuses().get(2));
        assertThat(results(api, id)).hasSize(3).allSatisfy((customId, outcome) -> assertThat(outcome)
                .isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> assertThat(r.failure()).isEqualTo(Failure.BATCH_EXPIRED)));
    }

    @Test
    void shouldFindTheBatchCreatedUnderAKeyAfterACrashAndNothingForAKeyNeverUsed() throws Exception {
        var api = api(quick);
        var notBefore = Instant.now().minusSeconds(1);
        var key = key();
        var id = api.create(key, chats("f", 2));
        var other = api.create(key(), chats("other", 1));
        awaitEnd(api, id);
        awaitEnd(api, other);

        assertThat(api.find(key, notBefore)).contains(id);
        assertThat(api.find(key(), notBefore)).isEmpty();
        assertThat(api.find(key, Instant.now().plusSeconds(5))).as("created before notBefore").isEmpty();
    }

    protected static ProviderSimulator simulator(Duration delay) {
        return ProviderSimulator.start(SimulatorConfig.defaults().withBatches(BatchSettings.defaults().withDelay(delay)));
    }

    /** A deployment of {@code provider} with a batch API at the simulator; {@code path} is its base path. */
    protected static Deployment deployment(ProviderSimulator simulator, String provider, String path) {
        return new Deployment(provider + "-batch", provider, simulator.baseUrl() + path, null, Duration.ofSeconds(10), null, null,
                true, true);
    }

    protected static String key() {
        return "pb-" + UUID.randomUUID();
    }

    protected static ProviderBatchRequest chat(String customId, String prompt) {
        var body = Json.object().put("model", MODEL).put("max_tokens", 20);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return new ProviderBatchRequest(customId, "/v1/chat/completions", body);
    }

    protected static List<ProviderBatchRequest> chats(String prefix, int n) {
        var out = new ArrayList<ProviderBatchRequest>();
        for (int i = 0; i < n; i++) {
            out.add(chat(prefix + "-" + i, "Say something about the number " + i + "."));
        }
        return out;
    }

    protected static ProviderBatchStatus awaitEnd(ProviderBatchApi api, String id) {
        var last = new AtomicReference<ProviderBatchStatus>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last.set(api.poll(id));
            return last.get().state() != ProviderBatchStatus.State.RUNNING;
        });
        return last.get();
    }

    /** Every result by custom id, failing the test if one comes twice. */
    protected static Map<String, ProviderOutcome> results(ProviderBatchApi api, String id) throws IOException, InterruptedException {
        Map<String, ProviderOutcome> byId = new ConcurrentHashMap<>();
        api.results(id, r -> assertThat(byId.put(r.customId(), r.outcome())).as("second result for %s", r.customId()).isNull());
        return byId;
    }

    protected static ObjectNode body(ProviderOutcome outcome) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(((ProviderOutcome.Success) outcome).body());
    }
}
