package io.llmq.worker.call;

/**
 * The id of one provider call: {@code <job id>/<attempt>/<worker instance>}. The attempt number
 * alone is not unique: a job redelivered after its worker was killed starts again at the number
 * its record carries, so the instance (one per worker process start) tells the two calls apart.
 */
public final class AttemptIds {

    private AttemptIds() {
    }

    public static String of(String jobId, int attempt, String instanceId) {
        return jobId + "/" + attempt + "/" + instanceId;
    }

    /** The worker instance that made the call, or null if the id is not one of llmq's. */
    public static String instanceOf(String attemptId) {
        var parts = attemptId == null ? new String[0] : attemptId.split("/", 3);
        return parts.length == 3 ? parts[2] : null;
    }
}
