package io.llmq.worker.providerbatch;

import io.llmq.worker.provider.batch.ProviderBatchApi.Limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cuts a batch's staged jobs into provider batches: one deployment each, in input order, none over
 * its provider's limits (OpenAI 50,000 requests / 200 MB, Anthropic 100,000 / 256 MB). A job alone
 * over the byte limit still gets a chunk of its own: the provider refuses that line, and its job
 * goes back to synchronous calls like any failed line.
 */
final class Chunks {

    /** One staged job: its seq, the deployment its model's provider batches go to, and the bytes it adds. */
    record Job(int seq, String deployment, long bytes) {
    }

    record Chunk(String deployment, int[] seqs) {
    }

    private Chunks() {
    }

    static List<Chunk> split(List<Job> jobs, Function<String, Limits> limits) {
        Map<String, Open> open = new LinkedHashMap<>();
        List<Chunk> chunks = new ArrayList<>();
        for (var job : jobs) {
            var limit = limits.apply(job.deployment());
            var chunk = open.computeIfAbsent(job.deployment(), d -> new Open());
            if (!chunk.seqs.isEmpty() && (chunk.seqs.size() >= limit.maxRequests() || chunk.bytes + job.bytes() > limit.maxBytes())) {
                chunks.add(chunk.close(job.deployment()));
                chunk = new Open();
                open.put(job.deployment(), chunk);
            }
            chunk.seqs.add(job.seq());
            chunk.bytes += job.bytes();
        }
        open.forEach((deployment, chunk) -> chunks.add(chunk.close(deployment)));
        return chunks;
    }

    private static final class Open {
        private final List<Integer> seqs = new ArrayList<>();
        private long bytes;

        Chunk close(String deployment) {
            return new Chunk(deployment, seqs.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
