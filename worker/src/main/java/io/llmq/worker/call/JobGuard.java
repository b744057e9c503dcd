package io.llmq.worker.call;

import io.llmq.schema.message.JobMessage;
import io.llmq.worker.outcome.Outcome;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Checks made before a job may call a provider: a job past its batch's completion window ends
 * {@code batch_expired} without a call.
 */
public final class JobGuard {
    private final Clock clock;

    public JobGuard(Clock clock) {
        this.clock = clock;
    }

    /** A terminal outcome if the job must not run, empty if it may. */
    public Optional<Outcome> check(JobMessage job) {
        if (clock.millis() > job.expiresAt()) {
            return Optional.of(new Outcome(job, false, null, null, null,
                    JobRunner.errorJson("batch_expired", "This request could not be executed before the completion window expired."),
                    job.model(), null, 0, List.of()));
        }
        return Optional.empty();
    }
}
