package io.llmq.worker.breaker;

import java.time.Duration;

/** Whether a call may go to a deployment now. An open breaker is an expected answer, not an exception. */
public sealed interface Admission {

    /** Go ahead; report how it went on the ticket, exactly once. */
    record Admitted(DeploymentGuard.Ticket ticket) implements Admission {
    }

    /** Every bulkhead slot stayed taken for a few seconds: try again, no attempt spent. */
    record Busy(String deployment) implements Admission {
    }

    /** The breaker is open: no call before {@code retryIn} has passed (then one may be a probe). */
    record Refused(String deployment, Duration retryIn) implements Admission {
    }
}
