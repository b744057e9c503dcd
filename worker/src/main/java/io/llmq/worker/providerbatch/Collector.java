package io.llmq.worker.providerbatch;

import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.schema.dispatch.StagedPages;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Brings an ended provider batch's results home: each answered or refused request becomes its job's
 * outcome through the same writer as a synchronous call's (result row, ledger row, batch counters,
 * events, the output files when the batch ends), every other job goes back to {@code llmq.jobs}, and
 * only when all of that is durable is the row marked ended. A runner that dies half-way leaves the
 * row open; the next leader reads the results again, and outcomes already written are skipped
 * (a job's outcome is unique per job id), so every job ends once.
 */
final class Collector {
    private static final Logger log = LoggerFactory.getLogger(Collector.class);
    /** Outcomes handed to the writer and not yet durable, at most: results stream, they are never all in memory. */
    static final int MAX_PENDING = 2_000;

    private final DataSource dataSource;
    private final OutcomeWriter writer;
    private final Handback handback;
    private final Duration durableWithin;
    private final String instanceId;

    Collector(DataSource dataSource, OutcomeWriter writer, Handback handback, Duration durableWithin, String instanceId) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.handback = handback;
        this.durableWithin = durableWithin;
        this.instanceId = instanceId;
    }

    /**
     * Records the results of an ended provider batch, reconciled against the provider's own count of
     * its answers ({@code ended}); returns false when it must be tried again later.
     */
    boolean collect(ProviderBatchRow row, ProviderBatchApi api, ProviderBatchStatus ended)
            throws IOException, InterruptedException, SQLException {
        var jobs = stagedJobs(row);
        var pending = new Semaphore(MAX_PENDING);
        var counts = new int[2];
        var interrupted = new boolean[1];
        api.results(row.providerId(), result -> {
            var staged = jobs.remove(result.customId());
            if (staged == null) {
                log.warn("provider batches {}: {} answered {}, which is not one of its open jobs; ignored", instanceId,
                        row.providerId(), result.customId());
                return;
            }
            var job = Json.fromBytes(staged.message(), JobMessage.class);
            var outcome = ResultOutcomes.of(job, result.outcome(), row);
            if (outcome.isEmpty()) {
                jobs.put(result.customId(), staged); // handed back with the unanswered ones below
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
        // whatever has no outcome now (failed, expired or cancelled lines, lines never answered) runs as llmq's own jobs
        var answered = counts[0] + counts[1];
        if (counts[0] != ended.succeeded()) {
            // the ledger holds what the results said; a provider whose counts differ is worth a look at its bill
            log.warn("provider batches {}: {} reports {} requests succeeded, its results hold {} answers of open jobs", instanceId,
                    row.providerId(), ended.succeeded(), counts[0]);
        }
        if (!handback.send(row.batchId(), row.priority(), jobs.values())) {
            log.warn("provider batches {}: Kafka refused the {} jobs of {} to run synchronously; trying again", instanceId,
                    jobs.size(), row.providerId());
            return false;
        }
        if (!pending.tryAcquire(MAX_PENDING, durableWithin.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("provider batches {}: the outcomes of {} are not all durable after {} s; reading its results again later",
                    instanceId, row.providerId(), durableWithin.toSeconds());
            return false;
        }
        Transaction.run(dataSource, c -> {
            ProviderBatchesTable.ended(c, row.key(), ProviderBatchRow.ENDED, counts[0], counts[1], jobs.size());
            return null;
        });
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

    /** Sends every job of the row to {@code llmq.jobs} (the provider refused the batch, or the deployment has no adapter). */
    boolean handBackAll(ProviderBatchRow row, String status, String why) throws InterruptedException, SQLException {
        var jobs = stagedJobs(row);
        if (!handback.send(row.batchId(), row.priority(), jobs.values())) {
            return false;
        }
        Transaction.run(dataSource, c -> {
            ProviderBatchesTable.ended(c, row.key(), status, 0, 0, jobs.size());
            return null;
        });
        log.info("provider batches {}: {} jobs of batch {} ({}) sent to synchronous calls: {}", instanceId, jobs.size(),
                row.batchId(), row.key(), why);
        return true;
    }

    /** The row's staged jobs by job id, read from the batch's dispatch pages. */
    Map<String, JobPages.StagedJob> stagedJobs(ProviderBatchRow row) throws SQLException {
        Map<String, JobPages.StagedJob> jobs = new HashMap<>(row.jobSeqs().length * 2);
        var seqs = row.jobSeqs();
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false); // the page cursor needs a transaction
            try {
                var at = new int[] {seqs[0], 0};
                StagedPages.walk(c, row.batchId(), seqs[0], staged -> {
                    if (at[1] < seqs.length && at[0] == seqs[at[1]]) {
                        jobs.put(Ids.job(row.batchId(), staged.line()), staged);
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
