package io.llmq.worker.call;

import io.llmq.worker.provider.ProviderOutcome;

import java.time.Duration;
import java.time.Instant;

/** How one attempt at one link of the chain went. */
sealed interface Step {

    /** The delivery ended; or, with no run, this walk did ({@link #walkAgain}). */
    record Ended(Run run) implements Step {
    }

    /**
     * The deployment was switched off while the call waited for it: nothing was called, and the job
     * walks its chain again as the catalogue in force has it (another deployment, or the park).
     */
    static Step walkAgain() {
        return new Ended(null);
    }

    /** The deployment's breaker is open: walk on to the next link; this one reopens in {@code reopensIn}. */
    record Refused(Duration reopensIn) implements Step {
    }

    /** Try this link again: after a retryable {@code failure}, or at once when it is null (nothing was called). */
    record Again(ProviderOutcome.Retryable failure) implements Step {
    }

    /**
     * The deployment's daily quota is spent: walk on to the pool's others and the next link; this one
     * has room again at {@code resetsAt}, {@code untilReset} from now. Nothing was called, no attempt spent.
     */
    record Spent(Instant resetsAt, Duration untilReset) implements Step {
    }
}
