package io.llmq.bench.measure;

import io.llmq.bench.rig.WorkerProcess;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Samples each worker's heap from its own {@code /metrics} (Micrometer's JVM binders) every two
 * seconds, asking for those two families only (a full scrape every half second took 5% of a busy
 * worker's CPU), and keeps the peaks: heap in use ({@code jvm_memory_used_bytes{area="heap"}}, summed over the pools) and the live set left after the last old-generation collection
 * ({@code jvm_gc_live_data_size_bytes}). Heap in use includes garbage not yet collected, so its
 * peak is what the worker took from its {@code -Xmx}, not what it needs; the live set is closer to
 * the latter, but is only updated when an old collection runs.
 */
public final class HeapSampler implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(2);

    /** Peaks of one worker, in bytes; -1 when never read. */
    public record Peak(String worker, long usedBytes, long liveBytes, int samples) {
    }

    private final List<WorkerProcess> workers;
    private final Map<String, Peak> peaks = new HashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private HeapSampler(List<WorkerProcess> workers) {
        this.workers = List.copyOf(workers);
        workers.forEach(w -> peaks.put(w.name(), new Peak(w.name(), -1, -1, 0)));
        this.thread = Thread.ofPlatform().name("bench-heap-sampler").daemon().unstarted(this::run);
    }

    public static HeapSampler start(List<WorkerProcess> workers) {
        var sampler = new HeapSampler(workers);
        sampler.thread.start();
        return sampler;
    }

    private void run() {
        try {
            do {
                for (var worker : workers) {
                    worker.metrics("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes").ifPresent(text -> take(worker.name(), text));
                }
            } while (!stop.await(EVERY.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void take(String worker, String metrics) {
        long used = 0;
        long live = -1;
        for (var line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += value(line);
            } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                live = value(line);
            }
        }
        var before = peaks.get(worker);
        peaks.put(worker, new Peak(worker, Math.max(before.usedBytes(), used), Math.max(before.liveBytes(), live),
                before.samples() + 1));
    }

    private static long value(String line) {
        var space = line.lastIndexOf(' ');
        return (long) Double.parseDouble(line.substring(space + 1).trim());
    }

    public synchronized List<Peak> peaks() {
        return workers.stream().map(w -> peaks.get(w.name())).toList();
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
