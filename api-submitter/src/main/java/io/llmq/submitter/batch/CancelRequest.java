package io.llmq.submitter.batch;

import io.llmq.schema.status.BatchEvent;
import io.llmq.schema.status.BatchStatus;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A cancel, answered only when it holds: once the batch is {@code cancelling}, the answer waits
 * until every worker's cached view of the batch ({@link BatchStatus#WORKER_VIEW_MAX_AGE}) must
 * have seen it, so no provider call starts after the client heard "cancelling". Calls under way
 * finish and are kept. A repeated cancel answers at once.
 */
public final class CancelRequest {
    /** Beyond the workers' cache age: the last check before a call and the call's start are not one instant. */
    private static final Duration MARGIN = Duration.ofMillis(100);

    private CancelRequest() {
    }

    public static BatchStore.Transition apply(BatchStore batches, String tenantId, String id) throws SQLException, InterruptedException {
        var before = batches.find(tenantId, id, null).map(BatchRecord::status).orElse(null);
        var result = batches.transition(tenantId, id, BatchEvent.CANCEL_REQUESTED);
        // from the moment the cancel is stored, every worker's view has it by this deadline
        var seenByAll = System.nanoTime() + BatchStatus.WORKER_VIEW_MAX_AGE.plus(MARGIN).toNanos();
        if (result instanceof BatchStore.Transition.Moved && before != BatchStatus.CANCELLING && before != BatchStatus.CANCELLED) {
            // the answer still shows the batch as the cancel left it (cancelling), as the providers'
            // APIs do, even if its last jobs ended meanwhile; the next GET shows where it is now
            long left;
            while ((left = seenByAll - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }
        return result;
    }
}
