package io.llmq.worker.provider.batch;

import io.llmq.simulator.ProviderSimulator;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;

import static io.llmq.worker.provider.batch.BatchApiFixture.awaitEnd;
import static io.llmq.worker.provider.batch.BatchApiFixture.chat;
import static io.llmq.worker.provider.batch.BatchApiFixture.chats;
import static io.llmq.worker.provider.batch.BatchApiFixture.results;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link OpenAiBatchApi} against the simulator's Files and Batch APIs over real HTTP. */
class OpenAiBatchApiTest {
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

    private static OpenAiBatchApi api(ProviderSimulator simulator) {
        return new OpenAiBatchApi(http, BatchApiFixture.deployment(simulator, "openai", "/v1"), null, Clock.systemUTC());
    }

    private static String key() {
        return "pb-" + UUID.randomUUID();
    }

    @Test
    void shouldAnswerEveryRequestOnceWithItsUsageWhenTheBatchEnds() throws Exception {
        var api = api(quick);
        var before = quick.bill();
        var id = api.create(key(), chats("job", 5));

        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(status.state()).isEqualTo(ProviderBatchStatus.State.ENDED);
        assertThat(status.providerStatus()).isEqualTo("completed");
        assertThat(status.total()).isEqualTo(5);
        assertThat(status.succeeded()).isEqualTo(5);
        assertThat(results).containsOnlyKeys("job-0", "job-1", "job-2", "job-3", "job-4");
        long tokens = 0;
        for (var outcome : results.values()) {
            var success = (ProviderOutcome.Success) outcome;
            assertThat(success.usage().inputTokens()).isPositive();
            assertThat(success.usage().outputTokens()).isPositive();
            assertThat(BatchApiFixture.body(outcome).path("object").asText()).isEqualTo("chat.completion");
            tokens += success.usage().inputTokens() + success.usage().outputTokens();
        }
        var bill = quick.bill();
        assertThat(bill.batchCalls() - before.batchCalls()).isEqualTo(5);
        assertThat(bill.batchTokens() - before.batchTokens()).isEqualTo(tokens);
        assertThat(quick.billedCalls()).filteredOn(c -> id.equals(c.providerBatchId())).hasSize(5);
    }

    @Test
    void shouldReturnFailedLinesBesideAnsweredOnesWhenPartOfTheBatchFails() throws Exception {
        var api = api(quick);
        var requests = new ArrayList<>(chats("ok", 3));
        requests.add(chat("server-error", "Please fail llmq-sim:batch-fail"));
        var refused = chat("refused", "no messages");
        refused.body().remove("messages");
        requests.add(refused);
        var id = api.create(key(), requests);

        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(status.succeeded()).isEqualTo(3);
        assertThat(status.failed()).isEqualTo(2);
        assertThat(results).hasSize(5);
        assertThat(results.get("ok-0")).isInstanceOf(ProviderOutcome.Success.class);
        assertThat(results.get("server-error")).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.SERVER_ERROR));
        assertThat(results.get("refused")).isInstanceOfSatisfying(ProviderOutcome.Permanent.class,
                p -> assertThat(p.failure()).isEqualTo(Failure.INVALID_REQUEST));
    }

    @Test
    void shouldReturnUnansweredRequestsAsCancelledWhenTheBatchIsCancelled() throws Exception {
        var api = api(slow);
        var id = api.create(key(), chats("c", 4));

        api.cancel(id);
        var status = awaitEnd(api, id);
        var results = results(api, id);

        assertThat(status.providerStatus()).isEqualTo("cancelled");
        assertThat(results).hasSize(4).allSatisfy((customId, outcome) -> assertThat(outcome)
                .isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> assertThat(r.failure()).isEqualTo(Failure.BATCH_CANCELLED)));
        api.cancel(id);
    }

    @Test
    void shouldReturnUnansweredRequestsAsExpiredWhenTheWindowEnds() throws Exception {
        var api = api(slow);
        var id = api.create(key(), chats("e", 3));

        slow.expireBatches();
        var status = awaitEnd(api, id);

        assertThat(status.providerStatus()).isEqualTo("expired");
        assertThat(results(api, id)).hasSize(3).allSatisfy((customId, outcome) -> assertThat(outcome)
                .isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> assertThat(r.failure()).isEqualTo(Failure.BATCH_EXPIRED)));
    }

    @Test
    void shouldFindTheBatchCreatedUnderAKeyAfterACrashAndNothingForAKeyNeverUsed() throws Exception {
        var api = api(slow);
        var notBefore = Instant.now().minusSeconds(1);
        var key = key();
        var id = api.create(key, chats("f", 2));
        for (int i = 0; i < 3; i++) {
            api.create(key(), chats("other" + i, 1));
        }

        assertThat(api.find(key, notBefore)).contains(id);
        assertThat(api.find(key(), notBefore)).isEmpty();
        assertThat(api.find(key, Instant.now().plusSeconds(5))).isEmpty();
    }
}
