package io.llmq.worker.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The deployments of a job's chain whose daily quota was found spent in one walk, and the soonest
 * of their resets: when no deployment of the chain answered, the job waits for that one.
 */
final class SpentQuotas {
    private final List<String> deployments = new ArrayList<>();
    private Step.Spent soonest;

    void add(String deployment, Step.Spent spent) {
        deployments.add(deployment);
        if (soonest == null || spent.untilReset().compareTo(soonest.untilReset()) < 0) {
            soonest = spent;
        }
    }

    boolean any() {
        return soonest != null;
    }

    Instant resetsAt() {
        return soonest.resetsAt();
    }

    Duration untilReset() {
        return soonest.untilReset();
    }

    /** What the job's batch shows while it waits. */
    String message() {
        return "The daily quota of every deployment these jobs may use (" + String.join(", ", deployments)
                + ") is spent; they wait, parked, and resume at the next reset, " + resetsAt() + ".";
    }
}
