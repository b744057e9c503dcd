package io.llmq.bench.scenario;

import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;

import java.util.List;
import java.util.Locale;

/** Jobs of some batches that llmq has announced as finished on {@code llmq.results}. */
record Finished(int jobs, int succeeded, int failed) {

    static Finished of(ResultsWatcher results, List<Submission> submissions) {
        int succeeded = 0;
        int failed = 0;
        int jobs = 0;
        for (var submission : submissions) {
            var events = results.of(submission.batchId());
            succeeded += events.succeeded();
            failed += events.failed();
            jobs += submission.jobs();
        }
        return new Finished(jobs, succeeded, failed);
    }

    int done() {
        return succeeded + failed;
    }

    int waiting() {
        return jobs - done();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d/%,d jobs (%,d failed)", done(), jobs, failed);
    }
}
