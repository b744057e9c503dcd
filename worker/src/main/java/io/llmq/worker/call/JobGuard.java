package io.llmq.worker.call;

import io.llmq.schema.dispatch.UnreleasedJobs;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.BatchStatus;
import io.llmq.schema.status.JobEvent;
import io.llmq.schema.status.JobStatus;
import io.llmq.worker.outcome.Outcome;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Checks made before every provider attempt of a job. A job of a batch being cancelled ends
 * {@code cancelled} ({@code batch_cancelled}) and a job past its batch's completion window ends
 * {@code expired} ({@code batch_expired}), both without a call. A call already under way when the
 * batch is cancelled is not interrupted: the provider bills it, so its answer is kept.
 */
public final class JobGuard {
    static final String CANCELLED_MESSAGE = UnreleasedJobs.CANCELLED_MESSAGE;
    static final String EXPIRED_MESSAGE = UnreleasedJobs.EXPIRED_MESSAGE;

    private final Clock clock;
    private final BatchStates batches;

    /** A guard that knows only the completion window (no batch states: nothing is ever cancelled). */
    public JobGuard(Clock clock) {
        this(clock, new BatchStates(batchId -> Optional.empty(), clock, BatchStates.DEFAULT_TTL));
    }

    public JobGuard(Clock clock, BatchStates batches) {
        this.clock = clock;
        this.batches = batches;
    }

    /** A terminal outcome if the job must not run, empty if it may. */
    public Optional<Outcome> check(JobMessage job) {
        var batch = batches.statusOf(job.batchId());
        if (batch.isPresent() && (batch.get() == BatchStatus.CANCELLING || batch.get() == BatchStatus.CANCELLED)) {
            return Optional.of(ended(job, JobEvent.BATCH_CANCELLED, UnreleasedJobs.CANCELLED_CODE, CANCELLED_MESSAGE));
        }
        if (clock.millis() > job.expiresAt()) {
            return Optional.of(ended(job, JobEvent.WINDOW_PASSED, UnreleasedJobs.EXPIRED_CODE, EXPIRED_MESSAGE));
        }
        return Optional.empty();
    }

    private static Outcome ended(JobMessage job, JobEvent event, String code, String message) {
        // A guarded job has not necessarily started, but from either non-terminal status the event ends it the same way.
        var status = JobStatus.QUEUED.next(event).orElseThrow();
        return new Outcome(job, status, null, null, null, Outcomes.errorJson(code, message, null), job.model(), null, 0, List.of());
    }
}
