package io.llmq.schema.status;

import java.util.Locale;
import java.util.Optional;

/**
 * One job's status and the one place that says which change is legal. A job is {@code queued} in
 * Kafka, {@code running} from its first attempt, and ends in exactly one of the four terminal
 * statuses, which is what {@code job_results.status} records.
 */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

    /** The status after {@code event}, or empty when it is not allowed (nothing moves a terminal job). */
    public Optional<JobStatus> next(JobEvent event) {
        JobStatus next = switch (this) {
            case QUEUED -> switch (event) {
                case ATTEMPT_STARTED -> RUNNING;
                case FAILED -> FAILED;
                case BATCH_CANCELLED -> CANCELLED;
                case WINDOW_PASSED -> EXPIRED;
                case ANSWERED -> null;
            };
            case RUNNING -> switch (event) {
                case ATTEMPT_STARTED -> RUNNING;
                case ANSWERED -> SUCCEEDED;
                case FAILED -> FAILED;
                case BATCH_CANCELLED -> CANCELLED;
                case WINDOW_PASSED -> EXPIRED;
            };
            case SUCCEEDED, FAILED, CANCELLED, EXPIRED -> null;
        };
        return Optional.ofNullable(next);
    }

    public boolean isTerminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, CANCELLED, EXPIRED -> true;
            case QUEUED, RUNNING -> false;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus parse(String wireName) {
        for (var status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown job status '" + wireName + "'");
    }
}
