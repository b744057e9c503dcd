package io.llmq.schema.dispatch;

import io.llmq.schema.status.BatchStatus;

/**
 * How a job ends that never ran because its batch was cancelled or expired: the same code and
 * message whether the worker's guard stopped it or the dispatcher ended it without releasing it,
 * so a batch's error file reads the same either way.
 */
public final class UnreleasedJobs {
    public static final String CANCELLED_CODE = "batch_cancelled";
    public static final String CANCELLED_MESSAGE = "This request was not executed because its batch was cancelled.";
    public static final String EXPIRED_CODE = "batch_expired";
    public static final String EXPIRED_MESSAGE = "This request could not be executed before the completion window expired.";

    /** {@code dispatch_queue.closed_reason} of a batch whose unreleased jobs were cancelled. */
    public static final String CLOSED_CANCELLED = "cancelled";
    /** {@code dispatch_queue.closed_reason} of a batch whose unreleased jobs expired. */
    public static final String CLOSED_EXPIRED = "expired";
    /** {@code dispatch_queue.closed_reason} of a batch whose jobs were all released. */
    public static final String CLOSED_DONE = "done";

    private UnreleasedJobs() {
    }

    /** The job status the unreleased jobs of a dispatch closed for {@code reason} ended in, as job_results names it. */
    public static String jobStatus(String closedReason) {
        return CLOSED_EXPIRED.equals(closedReason) ? "expired" : "cancelled";
    }

    public static String code(String closedReason) {
        return CLOSED_EXPIRED.equals(closedReason) ? EXPIRED_CODE : CANCELLED_CODE;
    }

    public static String message(String closedReason) {
        return CLOSED_EXPIRED.equals(closedReason) ? EXPIRED_MESSAGE : CANCELLED_MESSAGE;
    }

    /** Whether a batch in this status must stop releasing jobs because it is being cancelled. */
    public static boolean cancelled(BatchStatus status) {
        return status == BatchStatus.CANCELLING || status == BatchStatus.CANCELLED;
    }
}
