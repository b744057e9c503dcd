package io.llmq.worker.provider.gemini;

import io.llmq.simulator.ProviderSimulator;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.batch.BatchApiFixture;
import io.llmq.worker.provider.batch.BatchHttp;
import io.llmq.worker.provider.batch.ProviderBatchStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

/** {@link GeminiBatchApi} against the simulator's batch mode over real HTTP. */
class GeminiBatchApiTest {
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

    private static GeminiBatchApi api(ProviderSimulator simulator) {
        return new GeminiBatchApi(http, BatchApiFixture.deployment(simulator, "gemini", "/v1beta"), null, Clock.systemUTC());
    }

    private static String key() {
        return "pb-" + UUID.randomUUID();
    }

    @Test
    void shouldAnswerEveryRequestOnceInOpenAisFormatWithItsUsage() throws Exception {
        var api = api(quick);
        var before = quick.bill();
        var id = api.create(key(), chats("job", 3));

        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(id).startsWith("batches/");
        assertThat(status.state()).isEqualTo(ProviderBatchStatus.State.ENDED);
        assertThat(status.providerStatus()).isEqualTo("BATCH_STATE_SUCCEEDED");
        assertThat(status.total()).isEqualTo(3);
        assertThat(status.succeeded()).isEqualTo(3);
        assertThat(results).containsOnlyKeys("job-0", "job-1", "job-2");
        for (var outcome : results.values()) {
            assertThat(((ProviderOutcome.Success) outcome).usage().inputTokens()).isPositive();
            assertThat(BatchApiFixture.body(outcome).path("object").asText()).isEqualTo("chat.completion");
        }
        assertThat(quick.bill().batchCalls() - before.batchCalls()).isEqualTo(3);
    }

    @Test
    void shouldReturnFailedRequestsBesideAnsweredOnes() throws Exception {
        var api = api(quick);
        var requests = new ArrayList<>(chats("ok", 2));
        requests.add(chat("server-error", "Please fail llmq-sim:batch-fail"));
        var id = api.create(key(), requests);

        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(status.failed()).isEqualTo(1);
        assertThat(results.get("ok-0")).isInstanceOf(ProviderOutcome.Success.class);
        assertThat(results.get("server-error")).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.SERVER_ERROR));
    }

    @Test
    void shouldRefuseRequestsOfTwoModelsInOneBatch() {
        var other = chat("b", "x");
        other.body().put("model", "gemini-other");

        assertThatThrownBy(() -> api(quick).create(key(), List.of(chat("a", "x"), other))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReturnUnansweredRequestsAsCancelledOrExpired() throws Exception {
        var api = api(slow);
        var cancelled = api.create(key(), chats("c", 2));
        var expired = api.create(key(), chats("e", 2));

        api.cancel(cancelled);
        slow.expireBatches();
        assertThat(awaitEnd(api, expired).providerStatus()).isEqualTo("BATCH_STATE_EXPIRED");
        assertThat(awaitEnd(api, cancelled).providerStatus()).isEqualTo("BATCH_STATE_CANCELLED");

        assertThat(results(api, cancelled)).hasSize(2).allSatisfy((customId, outcome) -> assertThat(outcome)
                .isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> assertThat(r.failure()).isEqualTo(Failure.BATCH_CANCELLED)));
        assertThat(results(api, expired)).hasSize(2).allSatisfy((customId, outcome) -> assertThat(outcome)
                .isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> assertThat(r.failure()).isEqualTo(Failure.BATCH_EXPIRED)));
    }

    @Test
    void shouldFindTheBatchCreatedUnderAKeyAfterACrashAndNothingForAKeyNeverUsed() throws Exception {
        var api = api(slow);
        var notBefore = Instant.now().minusSeconds(1);
        var key = key();
        var id = api.create(key, chats("f", 2));
        api.create(key(), chats("other", 1));

        assertThat(api.find(key, notBefore)).contains(id);
        assertThat(api.find(key(), notBefore)).isEmpty();
        assertThat(api.find(key, Instant.now().plusSeconds(5))).isEmpty();
    }
}
