package io.llmq.worker.dispatch;

import io.llmq.schema.Priority;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The dispatch queue as the provider batch runner sees it: the batches of the {@code provider_batch}
 * route whose staged jobs wait to be handed to provider batches. The dispatcher never releases
 * those batches into Kafka; it still ends their unhanded jobs on cancel or expiry and drops their
 * pages when they end, as for any batch.
 */
public final class ProviderRoutedQueue {

    /** A batch with jobs [claimed, total) still only staged. */
    public record Waiting(String batchId, String tenantId, Priority priority, int claimed, int total) {
    }

    private ProviderRoutedQueue() {
    }

    /** Oldest first; a cancelled batch or one past its window is not listed (the dispatcher ends its jobs). */
    public static List<Waiting> waiting(Connection c, String jobsTopic) throws SQLException {
        return DispatchQueueTable.waitingForProviders(c, jobsTopic);
    }

    /**
     * Marks jobs [from, total) of a waiting batch handed to provider batches, in the caller's
     * transaction (the one that writes their provider batch rows).
     *
     * @return false when the batch moved meanwhile (a cancel ended its jobs): nothing is handed
     */
    public static boolean hand(Connection c, Waiting batch) throws SQLException {
        return DispatchQueueTable.handToProviders(c, batch.batchId(), batch.claimed(), batch.total());
    }
}
