package io.llmq.bench.measure;

/**
 * What the results topic has said about one batch so far. Times are when the bench's consumer
 * received the event ({@link System#nanoTime()}); 0 if not yet.
 *
 * @param lastJobNanos   receipt of the latest {@code job.completed} / {@code job.failed}
 * @param completedNanos receipt of {@code batch.completed}
 */
public record BatchEvents(int succeeded, int failed, long lastJobNanos, long completedNanos) {

    static final BatchEvents NONE = new BatchEvents(0, 0, 0, 0);

    public int finished() {
        return succeeded + failed;
    }

    public boolean completed() {
        return completedNanos != 0;
    }

    BatchEvents job(boolean success, long nanos) {
        return new BatchEvents(succeeded + (success ? 1 : 0), failed + (success ? 0 : 1), nanos, completedNanos);
    }

    BatchEvents batchCompleted(long nanos) {
        return new BatchEvents(succeeded, failed, lastJobNanos, nanos);
    }
}
