package io.llmq.worker.provider.anthropic;

import io.llmq.simulator.ProviderSimulator;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.batch.ProviderBatchApiContract;
import io.llmq.worker.provider.batch.ProviderBatchRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AnthropicBatchApi} against the simulator's Message Batches API. */
class AnthropicBatchApiTest extends ProviderBatchApiContract {

    @Override
    protected AnthropicBatchApi api(ProviderSimulator simulator) {
        return new AnthropicBatchApi(http, deployment(simulator, "anthropic", "/v1"), null, Clock.systemUTC());
    }

    @Override
    protected List<String> endedStatuses() {
        return List.of("ended", "ended", "ended");
    }

    @Test
    void shouldFailOnlyTheRequestAnthropicRefuses() throws Exception {
        var api = api(quick);
        var noTurn = chat("refused", "x");
        noTurn.body().putArray("messages").addObject().put("role", "system").put("content", "Only a system prompt.");
        var id = api.create(key(), List.of(chat("ok", "fine"), noTurn));

        awaitEnd(api, id);
        var results = results(api, id);

        assertThat(results.get("ok")).isInstanceOf(ProviderOutcome.Success.class);
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
    void shouldNotAnswerNoneWhileABatchThatMayBeTheKeysRunsAndFindItOnceItEnds() throws Exception {
        var api = api(slow);
        var notBefore = Instant.now().minusSeconds(1);
        var key = key();
        var id = api.create(key, chats("f", 2));

        assertThatThrownBy(() -> api.find(key, notBefore)).isInstanceOf(IOException.class).hasMessageContaining("still running");
        slow.expireBatches();
        awaitEnd(api, id);

        assertThat(api.find(key, notBefore)).contains(id);
        assertThat(results(api, id)).as("llmq's ids, without the key's tag").containsOnlyKeys("f-0", "f-1");
    }
}
