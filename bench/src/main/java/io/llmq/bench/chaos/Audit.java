package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * After a run with disruptions: waits until llmq says every batch is done and every event is
 * published, then checks from the outside that nothing was lost, done twice or paid twice:
 * jobs submitted against jobs in a terminal state, result rows per job, the provider's itemised
 * bill against the ledger call by call, and events per job on {@code llmq.results} after
 * de-duplication by event id.
 */
public final class Audit {

    private Audit() {
    }

    /** Waits for the end of the run; false if it did not come within {@code timeout}. */
    public static boolean awaitEnd(Rig rig, ResultsWatcher results, List<Submission> submissions, Duration timeout,
                            Progress progress) throws InterruptedException {
        var ids = submissions.stream().map(Submission::batchId).toList();
        var tables = new LlmqTables(rig.postgres(), ids);
        // and until the calls of killed workers are estimated (LLMQ_CALL_GONE_AFTER_SECONDS after their last heartbeat)
        return progress.await(() -> results.allCompleted(ids) && outboxEmpty(tables) && noCallInFlight(tables), timeout,
                () -> String.format(Locale.ROOT, "%,d job events so far", results.jobEvents()));
    }

    private static boolean outboxEmpty(LlmqTables tables) {
        try {
            return tables.outboxPending() == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean noCallInFlight(LlmqTables tables) {
        try {
            return tables.callsInFlight() == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /** @return the ledger's reconciliation with the bill, for checks of a scenario's own */
    public static Reconciliation check(Rig rig, ResultsWatcher results, List<Submission> submissions, Set<String> killedInstances,
                      Checks checks, ObjectNode figures) throws SQLException {
        var ids = submissions.stream().map(Submission::batchId).toList();
        var tables = new LlmqTables(rig.postgres(), ids);
        long submitted = submissions.stream().mapToLong(Submission::jobs).sum();
        var rows = tables.results();
        figures.put("jobs_submitted", submitted);
        figures.put("jobs_terminal", rows.terminal());
        figures.put("jobs_succeeded", rows.succeeded());
        figures.put("jobs_failed", rows.failed());
        var failures = tables.failuresByCode();
        var byCode = figures.putObject("failed_by_code");
        failures.forEach(byCode::put);
        checks.check("every job in exactly one terminal state", rows.terminal() == submitted,
                String.format(Locale.ROOT, "submitted %,d, terminal %,d (succeeded %,d, failed %,d %s)", submitted,
                        rows.terminal(), rows.succeeded(), rows.failed(), failures));

        var duplicates = rows.extraRows() + results.jobsAnnouncedTwice();
        figures.put("duplicate_results", duplicates);
        checks.check("no duplicate results", duplicates == 0, String.format(Locale.ROOT,
                "%d extra result rows, %d jobs announced by two different events", rows.extraRows(), results.jobsAnnouncedTwice()));

        var bill = rig.simulator().bill();
        var itemised = rig.simulator().billedCalls();
        var r = Reconciliation.of(itemised, tables.ledger(), killedInstances);
        figures.put("bill_calls", bill.calls());
        figures.put("bill_tokens", bill.totalTokens());
        figures.put("ledger_rows", r.ledgerRows());
        figures.put("ledger_tokens", r.ledgerTokens());
        figures.put("estimated_calls", r.estimated());
        figures.put("estimated_calls_of_killed_workers", r.estimatedOfKilled());
        figures.put("estimated_calls_billed_tokens", r.estimatedTokens());
        figures.put("estimates_without_billed_call", r.estimatedUnbilled());
        figures.put("unrecorded_calls", r.unrecorded());
        figures.put("unbilled_ledger_rows", r.unbilled());
        figures.put("token_mismatches", r.tokenMismatches());
        checks.check("every billed call carried its attempt id", itemised.size() == bill.calls(),
                String.format(Locale.ROOT, "bill %,d calls, itemised %,d", bill.calls(), itemised.size()));
        checks.check("ledger equals the provider's bill, call by call, with no gap", r.balanced(),
                String.format(Locale.ROOT, "bill %,d calls / %,d tokens; ledger %,d rows / %,d answered tokens; matched %,d; "
                                + "estimated %d calls (%d of killed workers, billed %,d tokens), %d estimates without a billed call; "
                                + "unrecorded %d, unbilled %d, token mismatches %d",
                        bill.calls(), bill.totalTokens(), r.ledgerRows(), r.ledgerTokens(), r.matched(), r.estimated(),
                        r.estimatedOfKilled(), r.estimatedTokens(), r.estimatedUnbilled(), r.unrecorded(), r.unbilled(),
                        r.tokenMismatches()));

        var announced = results.jobEvents();
        figures.put("job_events_deduplicated", announced);
        figures.put("events_repeated_same_id", results.repeatedEvents());
        checks.check("one event per job after de-duplication by event id", announced == submitted
                        && results.jobsAnnouncedTwice() == 0 && results.allCompleted(ids),
                String.format(Locale.ROOT, "%,d job events for %,d jobs, every batch's batch.completed %s; %d events "
                        + "repeated with the same id (allowed)", announced, submitted,
                        results.allCompleted(ids) ? "received" : "MISSING", results.repeatedEvents()));
        return r;
    }
}
