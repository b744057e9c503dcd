package io.llmq.bench.soak;

import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.Submission;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A steady arrival of work: one small batch every {@code every}, on a fixed schedule (a slow
 * submission is followed by the next at once, not by a pause), so llmq runs in a steady state
 * instead of working off one big backlog.
 */
final class SteadyLoad {
    private static final String TAG = "soak";

    private final BatchSubmitter submitter;
    private final Duration every;
    private final int jobsPerBatch;
    private final List<Submission> submissions = new ArrayList<>();

    SteadyLoad(BatchSubmitter submitter, Duration every, int jobsPerBatch) {
        this.submitter = submitter;
        this.every = every;
        this.jobsPerBatch = jobsPerBatch;
    }

    /** Submits until {@code length} has passed, printing {@code status} every {@code statusEvery}; returns every batch submitted. */
    List<Submission> run(Duration length, Progress progress, Duration statusEvery, Supplier<String> status)
            throws IOException, InterruptedException {
        var began = System.nanoTime();
        var end = began + length.toNanos();
        var nextStatus = began + statusEvery.toNanos();
        for (long tick = 0; ; tick++) {
            var due = began + tick * every.toNanos();
            if (due - end >= 0) {
                return List.copyOf(submissions);
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            var first = (int) (tick * jobsPerBatch) + 1;
            submissions.addAll(submitter.submitChat(TAG, first, jobsPerBatch, jobsPerBatch, Rig.MODEL, 16, "normal"));
            if (System.nanoTime() - nextStatus >= 0) {
                progress.line(status.get());
                nextStatus += statusEvery.toNanos();
            }
        }
    }

    /** Jobs submitted so far. */
    long jobs() {
        return submissions.stream().mapToLong(Submission::jobs).sum();
    }
}
