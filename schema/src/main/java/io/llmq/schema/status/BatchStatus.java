package io.llmq.schema.status;

import java.util.Locale;
import java.util.Optional;

/**
 * A batch's status, as OpenAI names them, and the one place that says which change is legal.
 *
 * <pre>
 * validating ──ENQUEUED / JOB_ENDED──▶ in_progress ──ALL_JOBS_ENDED──▶ finalizing ──FINALIZED──▶ completed
 *     │  └─ENQUEUE_FAILED─▶ failed          │                                └─FINALIZED_WITH_EXPIRED_JOBS─▶ expired
 *     └──────CANCEL_REQUESTED──────▶ cancelling ──ALL_JOBS_ENDED / ENQUEUE_FAILED──▶ cancelled
 * </pre>
 *
 * A batch ends {@code expired} when any of its jobs expired, even if others succeeded: the client
 * must look at the error file either way, and "completed" would hide that the window was too short.
 */
public enum BatchStatus {
    VALIDATING, FAILED, IN_PROGRESS, FINALIZING, COMPLETED, EXPIRED, CANCELLING, CANCELLED;

    /**
     * How old a worker's view of a batch's status may be (its cache, asked before every provider
     * attempt). A cancel is answered only after this much time, so that no call starts after the
     * answer.
     */
    public static final java.time.Duration WORKER_VIEW_MAX_AGE = java.time.Duration.ofMillis(500);

    /**
     * The status after {@code event}, or empty when the event is not allowed in this status (the
     * caller decides whether that is a refusal to report or a late event to ignore). Staying put
     * is a legal answer: a repeated cancel, or the submitter marking enqueued a batch a worker
     * already moved on.
     */
    public Optional<BatchStatus> next(BatchEvent event) {
        BatchStatus next = switch (this) {
            case VALIDATING -> switch (event) {
                case ENQUEUED, JOB_ENDED -> IN_PROGRESS;
                case ENQUEUE_FAILED -> FAILED;
                case CANCEL_REQUESTED -> CANCELLING;
                case ALL_JOBS_ENDED, FINALIZED, FINALIZED_WITH_EXPIRED_JOBS -> null;
            };
            case IN_PROGRESS -> switch (event) {
                case ENQUEUED, JOB_ENDED -> IN_PROGRESS;
                case ALL_JOBS_ENDED -> FINALIZING;
                case CANCEL_REQUESTED -> CANCELLING;
                case ENQUEUE_FAILED, FINALIZED, FINALIZED_WITH_EXPIRED_JOBS -> null;
            };
            case FINALIZING -> switch (event) {
                case FINALIZED -> COMPLETED;
                case FINALIZED_WITH_EXPIRED_JOBS -> EXPIRED;
                case ENQUEUED, ENQUEUE_FAILED, JOB_ENDED, ALL_JOBS_ENDED, CANCEL_REQUESTED -> null;
            };
            case CANCELLING -> switch (event) {
                case ENQUEUED, JOB_ENDED, CANCEL_REQUESTED -> CANCELLING;
                case ALL_JOBS_ENDED, ENQUEUE_FAILED -> CANCELLED;
                case FINALIZED, FINALIZED_WITH_EXPIRED_JOBS -> null;
            };
            case CANCELLED -> switch (event) {
                case CANCEL_REQUESTED -> CANCELLED;
                case ENQUEUED, ENQUEUE_FAILED, JOB_ENDED, ALL_JOBS_ENDED, FINALIZED, FINALIZED_WITH_EXPIRED_JOBS -> null;
            };
            case COMPLETED, FAILED, EXPIRED -> null;
        };
        return Optional.ofNullable(next);
    }

    /** No event moves the batch on from here (a repeated cancel of a cancelled batch stays put). */
    public boolean isTerminal() {
        return switch (this) {
            case COMPLETED, FAILED, EXPIRED, CANCELLED -> true;
            case VALIDATING, IN_PROGRESS, FINALIZING, CANCELLING -> false;
        };
    }

    /** The {@code batches} column that records when the batch entered this status. */
    public String timestampColumn() {
        return switch (this) {
            case VALIDATING -> "created_at";
            case FAILED -> "failed_at";
            case IN_PROGRESS -> "in_progress_at";
            case FINALIZING -> "finalizing_at";
            case COMPLETED -> "completed_at";
            case EXPIRED -> "expired_at";
            case CANCELLING -> "cancelling_at";
            case CANCELLED -> "cancelled_at";
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchStatus parse(String wireName) {
        for (var status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown batch status '" + wireName + "'");
    }
}
