package io.llmq.worker.provider.gemini;

import io.llmq.simulator.ProviderSimulator;
import io.llmq.worker.provider.batch.ProviderBatchApiContract;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GeminiBatchApi} against the simulator's batch mode. */
class GeminiBatchApiTest extends ProviderBatchApiContract {

    @Override
    protected GeminiBatchApi api(ProviderSimulator simulator) {
        return new GeminiBatchApi(http, deployment(simulator, "gemini", "/v1beta"), null, Clock.systemUTC());
    }

    @Override
    protected List<String> endedStatuses() {
        return List.of("BATCH_STATE_SUCCEEDED", "BATCH_STATE_CANCELLED", "BATCH_STATE_EXPIRED");
    }

    @Test
    void shouldRefuseRequestsOfTwoModelsInOneBatch() {
        var other = chat("b", "x");
        other.body().put("model", "gemini-other");

        assertThatThrownBy(() -> api(quick).create(key(), List.of(chat("a", "x"), other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one model");
    }

    @Test
    void shouldFindARunningBatchByItsDisplayName() throws Exception {
        var api = api(slow);
        var notBefore = Instant.now().minusSeconds(1);
        var key = key();
        var id = api.create(key, chats("f", 1));
        api.create(key(), chats("other", 1));

        assertThat(id).startsWith("batches/");
        assertThat(api.find(key, notBefore)).contains(id);
    }
}
