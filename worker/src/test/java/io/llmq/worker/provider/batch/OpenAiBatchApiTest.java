package io.llmq.worker.provider.batch;

import io.llmq.simulator.ProviderSimulator;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OpenAiBatchApi} against the simulator's Files and Batch APIs. */
class OpenAiBatchApiTest extends ProviderBatchApiContract {

    @Override
    protected OpenAiBatchApi api(ProviderSimulator simulator) {
        return new OpenAiBatchApi(http, deployment(simulator, "openai", "/v1"), null, Clock.systemUTC());
    }

    @Override
    protected List<String> endedStatuses() {
        return List.of("completed", "cancelled", "expired");
    }

    @Test
    void shouldFailOnlyTheLineWhoseBodyOpenAiRefuses() throws Exception {
        var api = api(quick);
        var refused = chat("refused", "no messages");
        refused.body().remove("messages");
        var id = api.create(key(), List.of(chat("ok", "fine"), refused));

        awaitEnd(api, id);
        var results = results(api, id);

        assertThat(results.get("ok")).isInstanceOf(ProviderOutcome.Success.class);
        assertThat(results.get("refused")).isInstanceOfSatisfying(ProviderOutcome.Permanent.class,
                p -> assertThat(p.failure()).isEqualTo(Failure.INVALID_REQUEST));
    }

    @Test
    void shouldFindARunningBatchByItsMetadataWhilePagingPastOthers() throws Exception {
        var api = api(slow);
        var notBefore = Instant.now().minusSeconds(1);
        var key = key();
        var id = api.create(key, chats("f", 1));
        for (int i = 0; i < 3; i++) {
            api.create(key(), chats("other" + i, 1));
        }

        assertThat(api.find(key, notBefore)).contains(id);
    }

    @Test
    void shouldRefuseRequestsOfTwoEndpointsInOneBatchBeforeUploadingAnything() {
        var responses = new ProviderBatchRequest("r", "/v1/responses", chat("x", "y").body());

        assertThatThrownBy(() -> api(quick).create(key(), List.of(chat("c", "x"), responses)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one endpoint");
    }
}
