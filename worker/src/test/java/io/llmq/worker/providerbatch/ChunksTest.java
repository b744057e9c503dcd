package io.llmq.worker.providerbatch;

import io.llmq.worker.provider.batch.ProviderBatchApi.Limits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChunksTest {

    @Test
    void shouldCutEachDeploymentsJobsAtItsRequestLimitInInputOrder() {
        List<Chunks.Job> jobs = new ArrayList<>();
        for (int seq = 0; seq < 7; seq++) {
            jobs.add(new Chunks.Job(seq, seq % 2 == 0 ? "openai" : "anthropic", 10));
        }
        var limits = Map.of("openai", new Limits(3, 1_000), "anthropic", new Limits(100, 1_000));

        var chunks = Chunks.split(jobs, limits::get);

        assertThat(chunks).extracting(Chunks.Chunk::deployment).containsExactly("openai", "openai", "anthropic");
        assertThat(chunks.get(0).seqs()).containsExactly(0, 2, 4);
        assertThat(chunks.get(1).seqs()).containsExactly(6);
        assertThat(chunks.get(2).seqs()).containsExactly(1, 3, 5);
    }

    @Test
    void shouldCutAtTheByteLimitAndGiveAnOversizedJobAChunkOfItsOwn() {
        var jobs = List.of(new Chunks.Job(0, "d", 40), new Chunks.Job(1, "d", 50), new Chunks.Job(2, "d", 500),
                new Chunks.Job(3, "d", 10));

        var chunks = Chunks.split(jobs, d -> new Limits(1_000, 100));

        assertThat(chunks).extracting(c -> c.seqs().length).containsExactly(2, 1, 1);
        assertThat(chunks.get(1).seqs()).containsExactly(2);
        assertThat(chunks.get(2).seqs()).containsExactly(3);
    }

    @Test
    void shouldMakeNoChunkOfNoJobs() {
        assertThat(Chunks.split(List.of(), d -> new Limits(1, 1))).isEmpty();
    }
}
