package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.report.Progress;

import java.util.List;
import java.util.Locale;

/**
 * The {@code fairness} report: per B batch its time, its fair-share time and their ratio, with the
 * targets beside them; B's share of the jobs finished while both tenants had work; and the figures
 * of the older single-batch report ({@code small_tenant_done_s} is now B's first batch).
 */
final class FairnessFigures {
    /** B's first (20-job) batch must be done within this, whatever the backlog: a small batch is interactive. */
    static final double FIRST_BATCH_MAX_S = 2;
    /** B's second (5,000-job) batch: within twice its fair-share time, and within this. */
    static final double SECOND_BATCH_MAX_S = 30;
    static final double SECOND_BATCH_MAX_RATIO = 2;

    private FairnessFigures() {
    }

    static void put(ObjectNode figures, ResultsWatcher results, List<Submission> big, List<Submission> small, int backlog,
                    boolean timedOut, Progress progress) {
        var now = System.nanoTime();
        var start = small.getFirst().postedNanos();
        // Both have work until the first of them has none left: B's last batch.completed, or A's, or now.
        var end = Math.min(doneAt(results, small, now), doneAt(results, big, now));
        var share = new FairShare(Math.max(1e-3, (end - start) / 1e9),
                results.finishedBetween(FairnessScenario.ids(big), start, end),
                results.finishedBetween(FairnessScenario.ids(small), start, end));
        var batches = figures.putArray("small_tenant_batches");
        var allMet = true;
        for (int i = 0; i < small.size(); i++) {
            var submission = small.get(i);
            var events = results.of(submission.batchId());
            var batch = batches.addObject();
            batch.put("jobs", submission.jobs());
            var doneS = events.completed() ? (events.completedNanos() - submission.postedNanos()) / 1e9 : Double.NaN;
            batch.put("done_s", events.completed() ? LimitsScenario.round(doneS, 2) : null);
            batch.put("last_result_s", events.lastJobNanos() == 0 ? null
                    : LimitsScenario.round((events.lastJobNanos() - submission.postedNanos()) / 1e9, 2));
            var fair = share.fairSeconds(submission.jobs());
            batch.put("fair_share_s", Double.isInfinite(fair) ? null : LimitsScenario.round(fair, 2));
            batch.put("fair_share_ratio", events.completed() && !Double.isInfinite(fair) ? LimitsScenario.round(doneS / fair, 2) : null);
            batch.put("finished", events.finished());
            batch.put("failed", events.failed());
            var met = target(i, doneS, fair, batch);
            allMet &= met;
            progress.line(String.format(Locale.ROOT, "tenant B batch %d (%,d jobs): done in %s s, fair share %.2f s%s",
                    i + 1, submission.jobs(), events.completed() ? String.format(Locale.ROOT, "%.2f", doneS) : "-", fair,
                    batch.has("target") ? " — target " + batch.get("target").asText() + ": " + (met ? "PASS" : "FAIL") : ""));
        }
        figures.put("targets_met", allMet);
        figures.put("both_window_s", LimitsScenario.round(share.windowSeconds(), 2));
        figures.put("system_jobs_per_s_while_both", LimitsScenario.round(share.systemJobsPerSecond(), 1));
        figures.put("small_tenant_share_while_both", LimitsScenario.round(share.smallShare(), 3));
        figures.put("big_tenant_jobs_per_s", LimitsScenario.round(share.bigDone() / share.windowSeconds(), 1));
        figures.put("small_tenant_jobs_per_s", LimitsScenario.round(share.smallDone() / share.windowSeconds(), 1));
        var first = results.of(small.getFirst().batchId());
        figures.put("small_tenant_done_s", first.completed()
                ? LimitsScenario.round((first.completedNanos() - small.getFirst().postedNanos()) / 1e9, 2) : null);
        var finished = Finished.of(results, small);
        figures.put("small_tenant_finished", finished.done());
        figures.put("small_tenant_failed", finished.failed());
        figures.put("big_tenant_backlog_at_submit", backlog);
        figures.put("big_tenant_finished", Finished.of(results, big).done());
        figures.put("timed_out", timedOut);
    }

    /** Writes the batch's target and whether it was met; batches after the second have none (true). */
    private static boolean target(int index, double doneS, double fairS, ObjectNode batch) {
        boolean met;
        if (index == 0) {
            batch.put("target", "done_s <= " + FIRST_BATCH_MAX_S);
            met = doneS <= FIRST_BATCH_MAX_S;
        } else if (index == 1) {
            batch.put("target", "fair_share_ratio <= " + SECOND_BATCH_MAX_RATIO + " and done_s <= " + SECOND_BATCH_MAX_S);
            met = doneS <= SECOND_BATCH_MAX_RATIO * fairS && doneS <= SECOND_BATCH_MAX_S;
        } else {
            return true;
        }
        // NaN (not completed) compares false: a batch that never finished misses its target
        batch.put("target_met", met);
        return met;
    }

    /** When the last of these batches completed, or {@code otherwise} if one has not. */
    private static long doneAt(ResultsWatcher results, List<Submission> submissions, long otherwise) {
        long last = Long.MIN_VALUE;
        for (var submission : submissions) {
            var events = results.of(submission.batchId());
            if (!events.completed()) {
                return otherwise;
            }
            last = Math.max(last, events.completedNanos());
        }
        return last;
    }
}
