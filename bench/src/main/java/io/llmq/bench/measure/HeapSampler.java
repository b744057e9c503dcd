package io.llmq.bench.measure;

import io.llmq.bench.rig.WorkerProcess;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples each worker's heap from its own {@code /metrics} (Micrometer's JVM binders) every two
 * seconds, asking for those two families only (a full scrape every half second took 5% of a busy
 * worker's CPU), and keeps the peaks: heap in use ({@code jvm_memory_used_bytes{area="heap"}}, summed over the pools) and the live set left after the last old-generation collection
 * ({@code jvm_gc_live_data_size_bytes}). Heap in use includes garbage not yet collected, so its
 * peak is what the worker took from its {@code -Xmx}, not what it needs; the live set is closer to
 * the latter, but is only updated when an old collection runs.
 */
public final class HeapSampler implements AutoCloseable {

    /** Peaks of one worker, in bytes; -1 when never read. */
    public record Peak(String worker, long usedBytes, long liveBytes, int samples) {
    }

    private final List<WorkerProcess> workers;
    private final Map<String, Peak> peaks = new HashMap<>();
    private final MetricsPoller poller;

    private HeapSampler(List<WorkerProcess> workers) {
        this.workers = List.copyOf(workers);
        workers.forEach(w -> peaks.put(w.name(), new Peak(w.name(), -1, -1, 0)));
        this.poller = new MetricsPoller("bench-heap-sampler", workers, this::take, "jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes");
    }

    public static HeapSampler start(List<WorkerProcess> workers) {
        var sampler = new HeapSampler(workers);
        sampler.poller.start();
        return sampler;
    }

    private synchronized void take(String worker, String metrics) {
        long used = 0;
        long live = -1;
        for (var line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += MetricsPoller.value(line);
            } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                live = MetricsPoller.value(line);
            }
        }
        var before = peaks.get(worker);
        peaks.put(worker, new Peak(worker, Math.max(before.usedBytes(), used), Math.max(before.liveBytes(), live),
                before.samples() + 1));
    }

    public synchronized List<Peak> peaks() {
        return workers.stream().map(w -> peaks.get(w.name())).toList();
    }

    @Override
    public void close() {
        poller.close();
    }
}
