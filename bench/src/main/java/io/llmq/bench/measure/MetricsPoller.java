package io.llmq.bench.measure;

import io.llmq.bench.rig.WorkerProcess;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Asks every worker's {@code /metrics} for a few families every two seconds, on a thread of its own
 * (named, joined on close), and hands each answer to the sampler that asked: a full scrape every
 * half second took 5% of a busy worker's CPU.
 */
final class MetricsPoller implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(2);

    private final List<WorkerProcess> workers;
    private final String[] families;
    private final BiConsumer<String, String> take;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /** @param take gets the worker's name and its answer */
    MetricsPoller(String name, List<WorkerProcess> workers, BiConsumer<String, String> take, String... families) {
        this.workers = List.copyOf(workers);
        this.families = families;
        this.take = take;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            do {
                for (var worker : workers) {
                    worker.metrics(families).ifPresent(text -> take.accept(worker.name(), text));
                }
            } while (!stop.await(EVERY.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of one Prometheus text line. */
    static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
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
