package io.llmq.bench.measure;

import io.llmq.bench.rig.WorkerProcess;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples each worker's own gauges every two seconds, asking its {@code /metrics} for those two only:
 * {@code llmq_worker_jobs_in_flight} (jobs it holds: waiting for a permit, calling, or being
 * recorded) and {@code llmq_provider_calls_in_flight} (calls open to the provider). Keeps, per
 * worker, the mean and the peak over the samples taken; a 2 s sample can miss a short peak.
 */
public final class InFlightSampler implements AutoCloseable {
    private static final String JOBS = "llmq_worker_jobs_in_flight";
    private static final String CALLS = "llmq_provider_calls_in_flight";

    /** One worker's samples; {@code samples} 0 when it never answered. */
    public record Stats(String worker, int samples, double jobsSum, long jobsPeak, double callsSum, long callsPeak) {
        public double jobsMean() {
            return samples == 0 ? 0 : jobsSum / samples;
        }

        public double callsMean() {
            return samples == 0 ? 0 : callsSum / samples;
        }
    }

    private final List<WorkerProcess> workers;
    private final Map<String, Stats> stats = new HashMap<>();
    private final MetricsPoller poller;

    private InFlightSampler(List<WorkerProcess> workers) {
        this.workers = List.copyOf(workers);
        workers.forEach(w -> stats.put(w.name(), new Stats(w.name(), 0, 0, 0, 0, 0)));
        this.poller = new MetricsPoller("bench-in-flight-sampler", workers, this::take, JOBS, CALLS);
    }

    public static InFlightSampler start(List<WorkerProcess> workers) {
        var sampler = new InFlightSampler(workers);
        sampler.poller.start();
        return sampler;
    }

    private synchronized void take(String worker, String metrics) {
        long jobs = -1;
        long calls = -1;
        for (var line : metrics.split("\n")) {
            if (line.startsWith(JOBS)) {
                jobs = MetricsPoller.value(line);
            } else if (line.startsWith(CALLS)) {
                calls = MetricsPoller.value(line);
            }
        }
        if (jobs < 0 || calls < 0) {
            return;
        }
        var s = stats.get(worker);
        stats.put(worker, new Stats(worker, s.samples() + 1, s.jobsSum() + jobs, Math.max(s.jobsPeak(), jobs),
                s.callsSum() + calls, Math.max(s.callsPeak(), calls)));
    }

    public synchronized List<Stats> stats() {
        return workers.stream().map(w -> stats.get(w.name())).toList();
    }

    @Override
    public void close() {
        poller.close();
    }
}
