package io.llmq.worker.provider.anthropic;

import io.llmq.simulator.ProviderSimulator;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.batch.BatchApiFixture;
import io.llmq.worker.provider.batch.BatchHttp;
import io.llmq.worker.provider.batch.ProviderBatchRequest;
import io.llmq.worker.provider.batch.ProviderBatchStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.llmq.worker.provider.batch.BatchApiFixture.awaitEnd;
import static io.llmq.worker.provider.batch.BatchApiFixture.chat;
import static io.llmq.worker.provider.batch.BatchApiFixture.chats;
import static io.llmq.worker.provider.batch.BatchApiFixture.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AnthropicBatchApi} against the simulator's Message Batches API over real HTTP. */
class AnthropicBatchApiTest {
    private static ProviderSimulator quick;
    private static ProviderSimulator slow;
    private static BatchHttp http;

    @BeforeAll
    static void start() {
        quick = BatchApiFixture.simulator(Duration.ofMillis(400));
        slow = BatchApiFixture.simulator(Duration.ofSeconds(20));
        http = new BatchHttp();
    }

    @AfterAll
    static void stop() {
        http.close();
        quick.close();
        slow.close();
    }

    private static AnthropicBatchApi api(ProviderSimulator simulator) {
        return new AnthropicBatchApi(http, BatchApiFixture.deployment(simulator, "anthropic", "/v1"), null, Clock.systemUTC());
    }

    private static String key() {
        return "pb-" + UUID.randomUUID();
    }

    @Test
    void shouldAnswerEveryRequestOnceInOpenAisFormatWithItsUsage() throws Exception {
        var api = api(quick);
        var before = quick.bill();
        var id = api.create(key(), chats("job", 4));

        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(status.state()).isEqualTo(ProviderBatchStatus.State.ENDED);
        assertThat(status.providerStatus()).isEqualTo("ended");
        assertThat(status.total()).isEqualTo(4);
        assertThat(status.succeeded()).isEqualTo(4);
        assertThat(results).containsOnlyKeys("job-0", "job-1", "job-2", "job-3");
        for (var outcome : results.values()) {
            assertThat(((ProviderOutcome.Success) outcome).usage().outputTokens()).isPositive();
            assertThat(BatchApiFixture.body(outcome).path("object").asText()).isEqualTo("chat.completion");
        }
        assertThat(quick.bill().batchCalls() - before.batchCalls()).isEqualTo(4);
    }

    @Test
    void shouldReturnErroredRequestsBesideSucceededOnes() throws Exception {
        var api = api(quick);
        var requests = new ArrayList<>(chats("ok", 2));
        requests.add(chat("server-error", "Please fail llmq-sim:batch-fail"));
        var noTurn = chat("refused", "x");
        noTurn.body().putArray("messages").addObject().put("role", "system").put("content", "Only a system prompt.");
        requests.add(noTurn);
        var id = api.create(key(), requests);

        awaitEnd(api, id);
        var results = results(api, id);

        assertThat(results).hasSize(4);
        assertThat(results.get("ok-1")).isInstanceOf(ProviderOutcome.Success.class);
        assertThat(results.get("server-error")).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.SERVER_ERROR));
        assertThat(results.get("refused")).isInstanceOfSatisfying(ProviderOutcome.Permanent.class,
                p -> assertThat(p.failure()).isEqualTo(Failure.INVALID_REQUEST));
    }

    @Test
    void shouldRefuseARequestAnthropicCannotCarryBeforeSendingAnything() {
        var api = api(quick);
        var embeddings = new ProviderBatchRequest("emb-1", "/v1/embeddings", chat("x", "y").body());

        assertThat(api.refusal(embeddings)).get().isInstanceOfSatisfying(ProviderOutcome.Permanent.class,
                p -> assertThat(p.failure()).isEqualTo(Failure.UNSUPPORTED));
        assertThat(api.refusal(chat("c", "fine"))).isEmpty();
        assertThatThrownBy(() -> api.create(key(), List.of(chat("c", "fine"), embeddings))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReturnUnansweredRequestsAsCancelledWhenTheBatchIsCancelled() throws Exception {
        var api = api(slow);
        var id = api.create(key(), chats("c", 3));

        api.cancel(id);
        var status = awaitEnd(api, id);

        assertThat(status.failed()).isEqualTo(3);
        assertThat(results(api, id)).hasSize(3).allSatisfy((customId, outcome) -> assertThat(outcome)
                .isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> assertThat(r.failure()).isEqualTo(Failure.BATCH_CANCELLED)));
    }

    @Test
    void shouldNotAnswerEmptyWhileABatchThatMayBeTheKeysRunsAndFindItOnceItEnds() throws Exception {
        var api = api(slow);
        var notBefore = Instant.now().minusSeconds(1);
        var key = key();
        var id = api.create(key, chats("f", 2));
        api.create(key(), chats("other", 1));

        assertThatThrownBy(() -> api.find(key, notBefore)).isInstanceOf(IOException.class).hasMessageContaining("still running");
        slow.expireBatches();
        awaitEnd(api, id);

        assertThat(api.find(key, notBefore)).contains(id);
        assertThat(api.find(key(), notBefore)).isEmpty();
        assertThat(api.find(key, Instant.now().plusSeconds(5))).isEmpty();
        assertThat(results(api, id)).containsOnlyKeys("f-0", "f-1");
    }
}
