package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ServedWindow;
import io.llmq.simulator.limits.ServedLog;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The pool scenario's last phase: a backlog on the pool, the first deployment disabled through
 * {@code PATCH /admin/deployments/{name}} after a third of the phase, and the rest of the backlog
 * carried by the second alone. A backlog rather than a paced load, so that at the change the first
 * deployment's share is queued and in flight and must all move, and so that the second's rate after
 * it says whether it carries its full limit (a paced load would only measure the pace). Its calls
 * are counted by the disabled deployment's own simulator: after the PATCH answered, and after the
 * 5 s the issue gives every worker to see a change; the second must then serve no call.
 */
final class DisablePhase {
    /** How long the live catalogue may take to reach every worker (workers poll it every second). */
    static final Duration REACH = Duration.ofSeconds(5);
    private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");

    /** What the API says of the phase's jobs once its batches have ended. */
    private record Counts(long succeeded, long failed) {
    }

    private DisablePhase() {
    }

    /** Runs the phase on {@code model} (a pool of {@link PoolScenario#FIRST} and {@link PoolScenario#SECOND}); true if its targets hold. */
    static boolean run(PoolRun pool, String model, ObjectNode phase) throws Exception {
        var settings = pool.settings();
        var disabled = pool.rig().simulator();
        var jobs = settings.disablePhaseJobs();
        var startMillis = System.currentTimeMillis();
        var ids = pool.submitter().submitChat("bench-pool-disable-" + model, jobs, 50_000, model, settings.maxTokens(), "normal")
                .stream().map(Submission::batchId).toList();
        pool.progress().line(String.format(Locale.ROOT, "disable phase: backlog of %,d jobs on %s; %s is disabled after %d s",
                jobs, model, PoolScenario.FIRST, settings.disableAfterSeconds()));
        pool.progress().pass(Duration.ofMillis(Math.max(0, startMillis + settings.disableAfterSeconds() * 1000L
                - System.currentTimeMillis())), pool::status);

        var version = pool.enable(PoolScenario.FIRST, false);
        var patchedMillis = System.currentTimeMillis();
        var callsAtPatch = disabled.bill().calls();
        pool.progress().line(String.format(Locale.ROOT, "disable phase: %s disabled (catalogue version %d) at %.1f s; %s",
                PoolScenario.FIRST, version, (patchedMillis - startMillis) / 1000.0, pool.status()));
        pool.progress().pass(Duration.ofMillis(Math.max(0, patchedMillis + REACH.toMillis() - System.currentTimeMillis())), pool::status);
        var callsAtReach = disabled.bill().calls();

        var timeout = Duration.ofSeconds(settings.seconds() * 2L + 60);
        var finished = pool.progress().await(() -> pool.results().allCompleted(ids), timeout, pool::status);
        var endMillis = System.currentTimeMillis();
        var callsAtEnd = disabled.bill().calls();
        if (!finished) {
            pool.progress().line("disable phase: the backlog did not end within " + timeout.toSeconds() + " s; cancelling the rest");
            pool.cancel(ids);
        }
        var counts = counts(pool, ids);
        pool.enable(PoolScenario.FIRST, true);

        var after = carried(pool.second().servedLog().seconds(), (patchedMillis + REACH.toMillis() + 999) / 1000);
        var fromSecond = startMillis / 1000;
        var toSecond = endMillis / 1000 + 1;
        var http429 = ServedWindow.of(disabled.servedLog().seconds(), fromSecond, toSecond).http429()
                + ServedWindow.of(pool.second().servedLog().seconds(), fromSecond, toSecond).http429();
        var afterPatch = callsAtEnd - callsAtPatch;
        var afterReach = callsAtEnd - callsAtReach;
        var secondPerMinute = after == null ? 0 : after.callsPerMinute();

        phase.put("model", model);
        phase.put("disabled", PoolScenario.FIRST);
        phase.put("carried_by", PoolScenario.SECOND);
        phase.put("disabled_at_s", PoolScenario.round((patchedMillis - startMillis) / 1000.0));
        phase.put("ended_at_s", PoolScenario.round((endMillis - startMillis) / 1000.0));
        phase.put("catalogue_version", version);
        phase.putObject("calls_to_disabled_after_change").put("after_patch", afterPatch).put("after_patch_plus_5s", afterReach);
        phase.put("jobs", jobs);
        phase.put("jobs_succeeded", counts.succeeded());
        phase.put("jobs_failed", counts.failed());
        phase.put("second_window_s", after == null ? 0 : after.seconds());
        phase.put("second_calls_per_min_after", PoolScenario.round(secondPerMinute));
        phase.put("second_share_of_its_limit_after", PoolScenario.round(secondPerMinute / settings.rpm()));
        phase.put("http_429", http429);
        var met = finished && counts.succeeded() == jobs && counts.failed() == 0 && afterReach == 0 && secondPerMinute <= settings.rpm() * 1.02;
        phase.put("targets_met", met);
        pool.progress().line(String.format(Locale.ROOT, "disable phase: %d/%d jobs succeeded, %d failed, in %.1f s; %s served %d calls "
                        + "after the PATCH, %d after PATCH+5 s; %s alone %.0f calls/min (%.1f%% of its limit); 429s %d",
                counts.succeeded(), jobs, counts.failed(), (endMillis - startMillis) / 1000.0, PoolScenario.FIRST, afterPatch, afterReach,
                PoolScenario.SECOND, secondPerMinute, secondPerMinute / settings.rpm() * 100, http429));
        return met;
    }

    /**
     * The second deployment's whole seconds from {@code fromSecond} up to (not including) its last
     * second with a call, which the backlog's end leaves partly idle; null if no whole second is left.
     */
    static ServedWindow carried(List<ServedLog.Second> seconds, long fromSecond) {
        var last = seconds.stream().filter(s -> s.calls() > 0).mapToLong(ServedLog.Second::epochSecond).max().orElse(fromSecond);
        return last > fromSecond ? ServedWindow.of(seconds, fromSecond, last) : null;
    }

    /** The batches' succeeded and failed jobs, as the API reports them once every batch has ended. */
    private static Counts counts(PoolRun pool, List<String> ids) throws IOException, InterruptedException {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long succeeded = 0;
        long failed = 0;
        for (var id : ids) {
            var batch = pool.rig().api().batch(id);
            while (!ENDED.contains(batch.path("status").asText()) && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(200);
                batch = pool.rig().api().batch(id);
            }
            succeeded += batch.path("request_counts").path("completed").asLong();
            failed += batch.path("request_counts").path("failed").asLong();
        }
        return new Counts(succeeded, failed);
    }
}
