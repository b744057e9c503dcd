package io.llmq.worker.providerbatch;

import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.schema.dispatch.StagedPages;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.output.OutputOptions;
import io.llmq.worker.dispatch.HandBacksTable;
import io.llmq.worker.outcome.BatchesTable;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Brings an ended provider batch's results home: each answered or refused request becomes its job's
 * outcome through the same writer as a synchronous call's (output checks, result row, ledger row,
 * batch counters, events, the output files when the batch ends); every other job is handed back to
 * synchronous calls: a {@code handed_back_jobs} row the dispatcher releases within its window
 * ({@link HandBacksTable}), written in the transaction that marks the row ended, once the outcomes
 * are durable. A runner that dies half-way leaves the row open and no hand-back; the next leader
 * reads the results again, and outcomes already written are skipped (a job's outcome is unique per
 * job id), so every job ends once.
 */
final class Collector {
    private static final Logger log = LoggerFactory.getLogger(Collector.class);
    /** Outcomes handed to the writer and not yet durable, at most: results stream, they are never all in memory. */
    static final int MAX_PENDING = 2_000;

    /** A staged job with its seq in the batch's dispatch pages (what a hand-back names). */
    private record Staged(int seq, JobPages.StagedJob job) {
    }

    private final DataSource dataSource;
    private final OutcomeWriter writer;
    private final AnswerChecks checks;
    private final Duration durableWithin;
    private final String jobsTopic;
    private final String instanceId;

    Collector(DataSource dataSource, OutcomeWriter writer, AnswerChecks checks, Duration durableWithin, String jobsTopic,
              String instanceId) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.checks = checks;
        this.durableWithin = durableWithin;
        this.jobsTopic = jobsTopic;
        this.instanceId = instanceId;
    }

    /**
     * Records the results of an ended provider batch, reconciled against the provider's own count of
     * its answers ({@code ended}); returns false when it must be tried again later.
     */
    boolean collect(ProviderBatchRow row, ProviderBatchApi api, ProviderBatchStatus ended)
            throws IOException, InterruptedException, SQLException {
        var jobs = staged(row);
        var options = options(row.batchId());
        var pending = new Semaphore(MAX_PENDING);
        var counts = new int[2];
        var interrupted = new boolean[1];
        List<Outcome> billedAnswers = new ArrayList<>(); // answers an output check sends back: billed, not outcomes
        api.results(row.providerId(), result -> {
            var staged = jobs.remove(result.customId());
            if (staged == null) {
                log.warn("provider batches {}: {} answered {}, which is not one of its open jobs; ignored", instanceId,
                        row.providerId(), result.customId());
                return;
            }
            var job = Json.fromBytes(staged.job().message(), JobMessage.class);
            var outcome = ResultOutcomes.of(job, result.outcome(), row, checks.judge(job, result.outcome(), options));
            if (outcome.isEmpty()) {
                jobs.put(result.customId(), staged); // handed back with the unanswered ones below
                ResultOutcomes.billedHandBack(job, result.outcome(), row).ifPresent(billedAnswers::add);
                return;
            }
            try {
                pending.acquire();
            } catch (InterruptedException e) {
                interrupted[0] = true;
                Thread.currentThread().interrupt();
                return;
            }
            counts[outcome.get().succeeded() ? 0 : 1]++;
            writer.submit(outcome.get(), pending::release);
        });
        if (interrupted[0]) {
            throw new InterruptedException("collecting " + row.providerId());
        }
        // whatever has no outcome now (failed, expired or cancelled lines, lines never answered, answers a check
        // retries) runs as llmq's own jobs
        var answered = counts[0] + counts[1];
        if (counts[0] != ended.succeeded()) {
            // the ledger holds what the results said; a provider whose counts differ is worth a look at its bill
            log.warn("provider batches {}: {} reports {} requests succeeded, its results hold {} answers of open jobs", instanceId,
                    row.providerId(), ended.succeeded(), counts[0]);
        }
        if (!pending.tryAcquire(MAX_PENDING, durableWithin.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("provider batches {}: the outcomes of {} are not all durable after {} s; reading its results again later",
                    instanceId, row.providerId(), durableWithin.toSeconds());
            return false;
        }
        endRow(row, ProviderBatchRow.ENDED, counts[0], counts[1], jobs.values(), billedAnswers);
        log.info("provider batches {}: {} of batch {} ended: {} answered ({} refused), {} sent to synchronous calls", instanceId,
                row.providerId(), row.batchId(), answered, counts[1], jobs.size());
        return true;
    }

    /** Writes outcomes decided before any provider batch (requests its format refuses); returns whether all are durable. */
    boolean record(List<Outcome> outcomes) throws InterruptedException {
        var durable = new Semaphore(0);
        outcomes.forEach(o -> writer.submit(o, durable::release));
        return durable.tryAcquire(outcomes.size(), durableWithin.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Hands every job of the row back to synchronous calls (the provider refused the batch, the
     * deployment has no adapter, the batch stopped before it was created).
     */
    void handBackAll(ProviderBatchRow row, String status, String why) throws SQLException {
        var jobs = staged(row);
        endRow(row, status, 0, 0, jobs.values(), List.of());
        log.info("provider batches {}: {} jobs of batch {} ({}) sent to synchronous calls: {}", instanceId, jobs.size(),
                row.batchId(), row.key(), why);
    }

    /**
     * Ends the row and hands its jobs without an outcome back, with the ledger rows of the answers
     * among them the provider billed, in one transaction: all of it happens, or none.
     */
    private void endRow(ProviderBatchRow row, String status, int succeeded, int failed, Collection<Staged> handedBack,
                        List<Outcome> billedAnswers) throws SQLException {
        var seqs = handedBack.stream().mapToInt(Staged::seq).sorted().toArray();
        Transaction.run(dataSource, c -> {
            OutcomeStore.billWithoutOutcome(c, billedAnswers);
            HandBacksTable.insert(c, row.batchId(), jobsTopic, seqs);
            ProviderBatchesTable.ended(c, row.key(), status, succeeded, failed, seqs.length);
            return null;
        });
    }

    private OutputOptions options(String batchId) throws SQLException {
        try (var c = dataSource.getConnection()) {
            return BatchesTable.options(c, batchId).output();
        }
    }

    /** The row's staged jobs by job id, read from the batch's dispatch pages. */
    Map<String, JobPages.StagedJob> stagedJobs(ProviderBatchRow row) throws SQLException {
        Map<String, JobPages.StagedJob> jobs = new HashMap<>(row.jobSeqs().length * 2);
        staged(row).forEach((id, staged) -> jobs.put(id, staged.job()));
        return jobs;
    }

    private Map<String, Staged> staged(ProviderBatchRow row) throws SQLException {
        Map<String, Staged> jobs = new HashMap<>(row.jobSeqs().length * 2);
        var seqs = row.jobSeqs();
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false); // the page cursor needs a transaction
            try {
                var at = new int[] {seqs[0], 0};
                StagedPages.walk(c, row.batchId(), seqs[0], staged -> {
                    if (at[1] < seqs.length && at[0] == seqs[at[1]]) {
                        jobs.put(Ids.job(row.batchId(), staged.line()), new Staged(at[0], staged));
                        at[1]++;
                    }
                    at[0]++;
                    return at[1] < seqs.length;
                });
            } finally {
                c.rollback();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("batch " + row.batchId() + ": a staged page cannot be read", e);
        }
        return jobs;
    }
}
