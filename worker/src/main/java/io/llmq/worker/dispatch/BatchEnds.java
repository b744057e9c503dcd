package io.llmq.worker.dispatch;

import io.llmq.schema.db.Transaction;
import io.llmq.schema.dispatch.UnreleasedJobs;
import io.llmq.schema.status.JobStatus;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.schedule.QueuedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Where a batch's dispatch ends: cancelled or past its window with jobs never released (they end
 * in one statement, as counters; the result readers list them from their pages), or over because
 * the batch ended (its pages are dropped).
 */
final class BatchEnds {
    private static final Logger log = LoggerFactory.getLogger(BatchEnds.class);

    private final DataSource dataSource;
    private final OutcomeStore outcomes;
    private final Clock clock;
    private final String instanceId;

    BatchEnds(DataSource dataSource, OutcomeStore outcomes, Clock clock, String instanceId) {
        this.dataSource = dataSource;
        this.outcomes = outcomes;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /** Ends the dispatch of a batch that is cancelled, expired or over; returns whether it did. */
    boolean close(QueuedBatch b) throws SQLException {
        if (b.pending() > 0 && UnreleasedJobs.cancelled(b.status())) {
            return endUnreleased(b, UnreleasedJobs.CLOSED_CANCELLED, JobStatus.CANCELLED);
        }
        if (b.pending() > 0 && clock.millis() > b.expiresAt()) {
            return endUnreleased(b, UnreleasedJobs.CLOSED_EXPIRED, JobStatus.EXPIRED);
        }
        if (b.status().isTerminal()) {
            if (b.pending() > 0) {
                log.warn("dispatcher {}: batch {} is {} with {} jobs never released; closing its dispatch", instanceId,
                        b.batchId(), b.status().wireName(), b.pending());
            }
            Transaction.run(dataSource, t -> {
                if (DispatchQueueTable.close(t, b.batchId(), b.claimed(), UnreleasedJobs.CLOSED_DONE) && b.pending() == 0) {
                    DispatchQueueTable.dropPagesBelow(t, b.batchId(), b.total());
                    HandBacksTable.drop(t, b.batchId());
                }
                return null;
            });
            return true;
        }
        return false;
    }

    private boolean endUnreleased(QueuedBatch b, String reason, JobStatus status) throws SQLException {
        var ended = Transaction.run(dataSource, t -> {
            if (!DispatchQueueTable.close(t, b.batchId(), b.claimed(), reason)) {
                return null;
            }
            // the error file lists the unreleased jobs from their pages; the released ones have rows
            if (!b.inDoubt()) {
                DispatchQueueTable.dropPagesBelow(t, b.batchId(), b.claimed());
            }
            var bytes = DispatchQueueTable.unreleasedBytes(t, b.batchId(), b.claimed(), reason);
            return outcomes.endUnreleased(t, b.batchId(), b.tenantId(), status, b.pending(), bytes).orElse("");
        });
        if (ended != null) {
            log.info("dispatcher {}: batch {} is {}; its {} unreleased jobs ended {} without reaching Kafka{}", instanceId,
                    b.batchId(), b.status().wireName(), b.pending(), status.wireName(), ended.isEmpty() ? "" : "; batch " + ended);
        }
        return true;
    }

}
