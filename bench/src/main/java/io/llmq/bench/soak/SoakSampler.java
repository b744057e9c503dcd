package io.llmq.bench.soak;

import io.llmq.bench.report.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every interval, one {@link ProcessSample} of each probed process, on a named thread of its own;
 * the first after the warm-up, so that pools filling and the JIT are not the baseline. Prints one
 * line per round.
 */
final class SoakSampler implements AutoCloseable {
    private final List<ProcessProbe> probes;
    private final Map<String, List<ProcessSample>> series = new LinkedHashMap<>();
    private final Progress progress;
    private final long startedNanos = System.nanoTime();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bench-soak-sampler").daemon().factory());

    private SoakSampler(List<ProcessProbe> probes, Progress progress) {
        this.probes = List.copyOf(probes);
        this.progress = progress;
        probes.forEach(p -> series.put(p.name(), new ArrayList<>()));
    }

    static SoakSampler start(List<ProcessProbe> probes, long firstAfterSeconds, long intervalSeconds, Progress progress) {
        var sampler = new SoakSampler(probes, progress);
        sampler.timer.scheduleAtFixedRate(sampler::round, firstAfterSeconds, intervalSeconds, TimeUnit.SECONDS);
        return sampler;
    }

    private void round() {
        var seconds = Math.round((System.nanoTime() - startedNanos) / 1e9);
        var line = new StringBuilder(String.format(Locale.ROOT, "sample t=%ds:", seconds));
        for (var probe : probes) {
            ProcessSample sample;
            try {
                sample = probe.sample(seconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // an exception would cancel the schedule: the round is lost, the next ones still come
                progress.line("warning: cannot sample " + probe.name() + ": " + e);
                continue;
            }
            synchronized (this) {
                series.get(probe.name()).add(sample);
            }
            line.append(String.format(Locale.ROOT, " %s heap %.1f MB, %d threads, %d fds (%d sockets), %d db;", probe.name(),
                    ProcessSample.mb(sample.heapAfterGc()), sample.threads(), sample.openFiles(), sample.sockets(),
                    sample.dbConnections()));
        }
        progress.line(line.toString());
    }

    /** The samples so far, per process, in the probes' order. */
    synchronized Map<String, List<ProcessSample>> series() {
        var copy = new LinkedHashMap<String, List<ProcessSample>>();
        series.forEach((name, samples) -> copy.put(name, List.copyOf(samples)));
        return copy;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
