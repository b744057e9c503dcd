package io.llmq.worker.retention;

import io.llmq.schema.db.Transaction;
import io.llmq.schema.status.BatchStatus;
import io.llmq.schema.status.JobStatus;
import io.llmq.worker.call.BatchStates;
import io.llmq.worker.call.JobGuard;
import io.llmq.worker.outcome.BatchRepairs;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.park.StrandedJobs;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Batches that no worker will move: headers left in {@code validating}, parked jobs of batches
 * cancelled or past their window, batches whose jobs all ended without them. Jobs end through the
 * workers' own {@link JobGuard} and {@link OutcomeStore}, so an ending here reads (error line,
 * counters, files, {@code batch.completed} event) exactly as one in a worker does.
 */
final class UnreachedBatches {
    private final DataSource dataSource;
    private final OutcomeStore outcomes;
    private final Clock clock;
    private final String jobsTopic;
    private final int batchRows;

    UnreachedBatches(DataSource dataSource, OutcomeStore outcomes, Clock clock, String jobsTopic, int batchRows) {
        this.dataSource = dataSource;
        this.outcomes = outcomes;
        this.clock = clock;
        this.jobsTopic = jobsTopic;
        this.batchRows = batchRows;
    }

    long failStuckValidating(Duration timeout) throws SQLException {
        long failed = 0;
        int step;
        do {
            step = Transaction.run(dataSource, c -> BatchRepairs.failValidating(c, timeout.toSeconds(), batchRows)).size();
            failed += step;
        } while (step == batchRows);
        return failed;
    }

    /** Ends parked jobs of cancelling or expired batches, a transaction per {@code batchRows}; returns how many. */
    long endStrandedJobs(Duration grace) throws SQLException {
        long ended = 0;
        Step step;
        do {
            step = Transaction.run(dataSource, c -> {
                var stranded = StrandedJobs.lock(c, jobsTopic, grace.toSeconds(), batchRows);
                Map<String, BatchStatus> statuses = new HashMap<>();
                stranded.forEach(s -> statuses.put(s.job().batchId(), s.batchStatus()));
                var guard = new JobGuard(clock, new BatchStates(id -> Optional.ofNullable(statuses.get(id)), clock, Duration.ZERO));
                List<Outcome> ends = new ArrayList<>();
                for (var s : stranded) {
                    guard.check(s.job()).ifPresent(ends::add);
                }
                if (!ends.isEmpty()) {
                    outcomes.writeIn(c, ends);
                    StrandedJobs.remove(c, ends.stream().map(o -> o.job().jobId()).toList());
                }
                return new Step(stranded.size(), ends.size());
            });
            ended += step.ended();
            // a full page the guard let run entirely would be seen again: stop there
        } while (step.seen() == batchRows && step.ended() > 0);
        return ended;
    }

    private record Step(int seen, int ended) {
    }

    /** Takes batches whose every job has ended, but that were left short of their end, to it. */
    long endUnended() throws SQLException {
        return Transaction.run(dataSource, c -> {
            var unended = BatchRepairs.lockUnended(c, jobsTopic, batchRows);
            long ended = 0;
            for (var b : unended) {
                // no jobs: the counters stay, the step to the end (files, event) is the usual one
                var status = b.status() == BatchStatus.CANCELLING ? JobStatus.CANCELLED : JobStatus.EXPIRED;
                if (outcomes.endUnreleased(c, b.batchId(), b.tenantId(), status, 0, 0).isPresent()) {
                    ended++;
                }
            }
            return ended;
        });
    }
}
