package io.llmq.worker.call;

import io.llmq.schema.message.JobMessage;
import io.llmq.worker.check.Verdict.Accept;
import io.llmq.worker.park.Resume;
import io.llmq.worker.provider.Providers;

import java.time.Clock;
import java.util.List;

/**
 * What is decided about a job before any call: its batch stopped it (cancelled, past its
 * window), it is parked already, its model left the catalogue or has no price in force (llmq does
 * not make calls it cannot charge for), or the response cache answers it (with an answer that
 * passes the job's output checks).
 */
final class Preflight {
    private final JobGuard guard;
    private final Waiting waiting;
    private final Providers providers;
    private final Costs costs;
    private final Clock clock;
    private final Answered answered;

    Preflight(JobGuard guard, Waiting waiting, Providers providers, Costs costs, Clock clock, Answered answered) {
        this.guard = guard;
        this.waiting = waiting;
        this.providers = providers;
        this.costs = costs;
        this.clock = clock;
        this.answered = answered;
    }

    /** The verdict on a job before its chain. */
    sealed interface Verdict {
    }

    /** The delivery ends (or waits) without a call. */
    record Settled(Run run) implements Verdict {
    }

    /** The job goes on to its chain; {@code cacheKey} is its response-cache key, or null when it did not opt in. */
    record Cleared(byte[] cacheKey) implements Verdict {
    }

    Verdict check(JobMessage job, Resume resume) {
        var refused = guard.check(job);
        if (refused.isPresent()) {
            return new Settled(new Run.Finished(refused.get()));
        }
        if (waiting.alreadyParked(job, resume)) {
            return new Settled(new Run.Parked("already_parked"));
        }
        if (providers.model(job.model()).isEmpty()) {
            return new Settled(new Run.Finished(Outcomes.gaveUp(job, null, "model_not_found",
                    "Model '" + job.model() + "' is no longer in the catalogue.", AttemptLog.from(resume, clock), List.of())));
        }
        if (costs.prices().inForceNowChecked(job.model()).isEmpty()) {
            return new Settled(new Run.Finished(Outcomes.gaveUp(job, null, "model_not_priced", "Model '" + job.model()
                    + "' has no price in force; llmq does not make calls it cannot charge for.", AttemptLog.from(resume, clock), List.of())));
        }
        var cacheKey = costs.cache().keyFor(job).orElse(null);
        if (cacheKey != null) {
            var hit = costs.cache().find(job.tenantId(), cacheKey);
            // a stored answer that fails this job's output checks is not its answer: the provider is asked
            var checked = hit.map(h -> answered.judgeStored(job, h.responseJson())).orElse(null);
            if (checked instanceof Accept accepted) {
                return new Settled(new Run.Finished(Outcomes.fromCache(job, hit.get(), clock.millis()).withChecks(accepted.resultsJson())));
            }
        }
        return new Cleared(cacheKey);
    }
}
