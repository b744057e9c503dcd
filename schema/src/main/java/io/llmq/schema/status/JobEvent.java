package io.llmq.schema.status;

/** What can happen to one job; {@link JobStatus#next} says where each one leads. */
public enum JobEvent {
    /** A provider attempt starts (the first, or a retry). */
    ATTEMPT_STARTED,
    /** The provider answered with a success. */
    ANSWERED,
    /** The job cannot succeed: a permanent provider error, retries exhausted, or an llmq failure. */
    FAILED,
    /** Its batch is being cancelled; no further attempt may start. */
    BATCH_CANCELLED,
    /** Its batch's completion window passed before it could finish. */
    WINDOW_PASSED
}
