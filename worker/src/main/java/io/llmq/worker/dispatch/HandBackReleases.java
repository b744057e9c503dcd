package io.llmq.worker.dispatch;

import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.schema.dispatch.UnreleasedJobs;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.JobStatus;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.schedule.QueuedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The hand-backs of provider-routed batches in the dispatch stage: jobs the provider batch runner
 * sent back to synchronous calls ({@code handed_back_jobs}) are released with their batch's fair
 * share and within the class window, as staged jobs are, by the same protocol: claimed before they
 * are produced, deleted only once Kafka acknowledged them, produced again (to the same partitions,
 * where the consumer runs each job once) when a dispatcher died in between. A cancelled or expired
 * batch's waiting hand-backs end here, without Kafka. Owned by the dispatcher thread.
 */
final class HandBackReleases {
    private static final Logger log = LoggerFactory.getLogger(HandBackReleases.class);
    /** Waiting hand-backs ended per transaction when their batch stops: a 50,000-job refusal ends over a few ticks. */
    static final int END_PER_TICK = 2_000;

    private final DataSource dataSource;
    private final JobReleaser releaser;
    private final PageReader pages;
    private final OutcomeStore outcomes;
    private final Clock clock;
    private final String instanceId;
    private final Map<QueuedBatch, List<Integer>> sent = new LinkedHashMap<>();

    HandBackReleases(DataSource dataSource, JobReleaser releaser, PageReader pages, OutcomeStore outcomes, Clock clock,
                     String instanceId) {
        this.dataSource = dataSource;
        this.releaser = releaser;
        this.pages = pages;
        this.outcomes = outcomes;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /**
     * A provider-routed batch as the release plan sees it: its waiting hand-backs are what it has to
     * release, and what it holds in flight is what it claimed minus what ended, what waits and what
     * is in its open provider batches (those are neither in Kafka nor in a worker).
     */
    static QueuedBatch view(QueuedBatch b, HandBacksTable.Queue q) {
        var inFlight = Math.max(0, b.outstanding() - q.inProviderBatches() - q.waiting());
        return new QueuedBatch(b.batchId(), b.tenantId(), b.priority(), q.waiting(), 0, 0, inFlight, b.status(), b.expiresAt(),
                b.ended(), b.held());
    }

    /** Produces again the hand-backs a dispatcher claimed and never saw acknowledged; returns whether there were any. */
    boolean produceInDoubt(Connection c, List<QueuedBatch> batches, Map<String, HandBacksTable.Queue> queues)
            throws SQLException, InterruptedException {
        for (var b : batches) {
            var q = queues.get(b.batchId());
            if (q != null && q.inDoubt() > 0) {
                var seqs = HandBacksTable.inDoubt(c, b.batchId());
                releaser.send(b, jobsAt(c, b.batchId(), seqs));
                sent.put(b, seqs);
            }
        }
        if (sent.isEmpty()) {
            return false;
        }
        var jobs = sent.values().stream().mapToInt(List::size).sum();
        if (settle(c)) {
            log.info("dispatcher {}: produced again {} handed-back jobs that a dispatcher had claimed but not seen acknowledged "
                    + "(the consumer runs each once)", instanceId, jobs);
        }
        return true;
    }

    /** Claims and produces up to {@code jobs} waiting hand-backs of the batch; {@link #settle} settles them. */
    int release(Connection c, QueuedBatch b, int jobs) throws SQLException {
        var seqs = HandBacksTable.claim(c, b.batchId(), jobs);
        if (!seqs.isEmpty()) {
            releaser.send(b, jobsAt(c, b.batchId(), seqs));
            sent.put(b, seqs);
        }
        return seqs.size();
    }

    /**
     * Waits for Kafka to acknowledge everything the releaser sent since the last call (staged ranges
     * too: one flush per tick) and deletes the hand-back rows it acknowledged; on a refusal they stay
     * claimed, in doubt, and are produced again.
     *
     * @return whether Kafka acknowledged all of it
     */
    boolean settle(Connection c) throws SQLException, InterruptedException {
        try {
            if (!releaser.acknowledged()) {
                log.warn("dispatcher {}: Kafka did not acknowledge {} handed-back jobs; they stay in doubt and are produced again",
                        instanceId, sent.values().stream().mapToInt(List::size).sum());
                return false;
            }
            for (var entry : sent.entrySet()) {
                HandBacksTable.dispatched(c, entry.getKey().batchId(), entry.getValue());
            }
            return true;
        } finally {
            sent.clear();
        }
    }

    /**
     * Ends the waiting hand-backs of a batch being cancelled or past its window, as the guard would
     * have ended them in a worker ({@code batch_cancelled} / {@code batch_expired}), a chunk per
     * tick; returns whether the batch stopped.
     */
    boolean endIfStopped(Connection c, QueuedBatch b, HandBacksTable.Queue q) throws SQLException {
        var cancelled = UnreleasedJobs.cancelled(b.status());
        if (!cancelled && clock.millis() <= b.expiresAt()) {
            return false;
        }
        if (q.waiting() == 0) {
            return true;
        }
        var reason = cancelled ? UnreleasedJobs.CLOSED_CANCELLED : UnreleasedJobs.CLOSED_EXPIRED;
        var status = cancelled ? JobStatus.CANCELLED : JobStatus.EXPIRED;
        var ended = Transaction.run(dataSource, t -> {
            var seqs = HandBacksTable.endWaiting(t, b.batchId(), END_PER_TICK);
            List<Outcome> endings = new ArrayList<>(seqs.size());
            for (var staged : jobsAt(c, b.batchId(), seqs)) {
                endings.add(ended(Json.fromBytes(staged.message(), JobMessage.class), status, reason));
            }
            return outcomes.writeIn(t, endings).fresh();
        });
        log.info("dispatcher {}: batch {} is {}; {} of its jobs handed back to synchronous calls ended {} without reaching Kafka",
                instanceId, b.batchId(), b.status().wireName(), ended, status.wireName());
        return true;
    }

    private static Outcome ended(JobMessage job, JobStatus status, String reason) {
        var error = Json.object();
        error.put("code", UnreleasedJobs.code(reason));
        error.put("message", UnreleasedJobs.message(reason));
        return new Outcome(job, status, null, null, null, Json.toText(error), job.model(), null, 0, List.of());
    }

    /** The staged jobs at the given seqs (ascending), read run by run of consecutive seqs. */
    private List<JobPages.StagedJob> jobsAt(Connection c, String batchId, List<Integer> seqs) throws SQLException {
        List<JobPages.StagedJob> jobs = new ArrayList<>(seqs.size());
        var i = 0;
        while (i < seqs.size()) {
            var from = seqs.get(i);
            var to = from + 1;
            while (i + 1 < seqs.size() && seqs.get(i + 1) == to) {
                i++;
                to++;
            }
            i++;
            var run = pages.jobs(c, batchId, from, to);
            if (run.size() != to - from) {
                log.error("dispatcher {}: batch {} has {} staged jobs in [{}, {}) for its hand-backs, expected {}", instanceId,
                        batchId, run.size(), from, to, to - from);
            }
            jobs.addAll(run);
        }
        return jobs;
    }
}
