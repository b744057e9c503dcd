package io.llmq.schema.status;

/** What can happen to a batch; {@link BatchStatus#next} says where each one leads. */
public enum BatchEvent {
    /** Every job is in Kafka (the submitter's commit went through). */
    ENQUEUED,
    /** Kafka refused the batch; nothing of it was enqueued. */
    ENQUEUE_FAILED,
    /** A job reached a terminal status; its outcome proves the jobs are in Kafka. */
    JOB_ENDED,
    /** The last job reached a terminal status. */
    ALL_JOBS_ENDED,
    /** The output and error files are in place and no job expired. */
    FINALIZED,
    /** The output and error files are in place and at least one job expired. */
    FINALIZED_WITH_EXPIRED_JOBS,
    /** A client asked to cancel. */
    CANCEL_REQUESTED
}
