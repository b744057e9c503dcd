package io.llmq.worker.consume;

import java.util.TreeSet;

/**
 * The offsets of one partition that have been handed out but whose outcome is not durable yet.
 * The committable offset is the lowest such offset: everything below it is durable, so a crash
 * redelivers only jobs that might not have finished. Owned by the consumer thread.
 */
final class PartitionProgress {
    private final TreeSet<Long> pending = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    void started(long offset) {
        pending.add(offset);
        next = Math.max(next, offset + 1);
    }

    void finished(long offset) {
        pending.remove(offset);
    }

    int inFlight() {
        return pending.size();
    }

    /** The offset to commit (the next record to read after a restart), or -1 if nothing new. */
    long committable() {
        var offset = pending.isEmpty() ? next : pending.first();
        return offset > committed ? offset : -1;
    }

    void markCommitted(long offset) {
        committed = Math.max(committed, offset);
    }
}
