package io.llmq.worker.dispatch;

import io.llmq.worker.schedule.QueuedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Releases the staged jobs of a batch, a range at a time: claimed (a compare-and-set on
 * {@code dispatch_queue.claimed}) before they are produced, marked dispatched only once Kafka
 * acknowledged them, produced again when a dispatcher died in between. Owned by the dispatcher thread.
 */
final class StagedReleases {
    private static final Logger log = LoggerFactory.getLogger(StagedReleases.class);

    private final JobReleaser releaser;
    private final PageReader pages;
    private final String instanceId;

    StagedReleases(JobReleaser releaser, PageReader pages, String instanceId) {
        this.releaser = releaser;
        this.pages = pages;
        this.instanceId = instanceId;
    }

    /** Produces again every range a dispatcher claimed but never saw acknowledged; returns whether there was any. */
    boolean produceInDoubt(Connection c, List<QueuedBatch> batches) throws SQLException, InterruptedException {
        var inDoubt = batches.stream().filter(QueuedBatch::inDoubt).toList();
        if (inDoubt.isEmpty()) {
            return false;
        }
        var jobs = 0;
        for (var b : inDoubt) {
            var range = pages.jobs(c, b.batchId(), b.dispatched(), b.claimed());
            releaser.send(b, range);
            jobs += range.size();
        }
        if (!releaser.acknowledged()) {
            log.warn("dispatcher {}: Kafka did not acknowledge {} jobs in doubt; producing them again next tick", instanceId, jobs);
            return true;
        }
        for (var b : inDoubt) {
            DispatchQueueTable.dispatched(c, b.batchId(), b.claimed());
        }
        log.info("dispatcher {}: produced again {} jobs of {} batches that a dispatcher had claimed but not seen acknowledged "
                + "(the consumer runs each once)", instanceId, jobs, inDoubt.size());
        return true;
    }

    /** Claims and produces staged jobs [claimed, claimed + jobs) of a batch; returns how many it sent. */
    int release(Connection c, QueuedBatch b, int jobs) throws SQLException {
        var to = b.claimed() + jobs;
        var range = pages.jobs(c, b.batchId(), b.claimed(), to);
        if (range.size() != jobs) {
            log.error("dispatcher {}: batch {} has {} staged jobs in [{}, {}), expected {}; not releasing it", instanceId,
                    b.batchId(), range.size(), b.claimed(), to, jobs);
            return 0;
        }
        if (!DispatchQueueTable.claim(c, b.batchId(), b.claimed(), to)) {
            // another dispatcher moved it, or it was closed: the next tick reads it again
            pages.forget(b.batchId());
            return 0;
        }
        releaser.send(b, range);
        return jobs;
    }
}
