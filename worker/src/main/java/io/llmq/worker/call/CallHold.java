package io.llmq.worker.call;

import io.llmq.worker.breaker.DeploymentGuard;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import io.llmq.worker.ratelimit.CallGate;

import java.time.Duration;

/**
 * What one provider call holds while it is made: its rate-limit permit and its bulkhead ticket.
 * {@link #send} makes the call, meters it and settles both against the answer. Closing hands back whatever was not settled, on every path (answered, stopped before the call,
 * interrupted, a bug), so a permit or a slot is never kept by a call that did not happen.
 */
final class CallHold implements AutoCloseable {
    private final CallGate.Permit permit;
    private final DeploymentGuard.Ticket ticket;
    private final CallMeters meters;
    private final long heldSince = System.nanoTime();
    private boolean settled;
    private boolean recorded;

    CallHold(CallGate.Permit permit, DeploymentGuard.Ticket ticket, CallMeters meters) {
        this.permit = permit;
        this.ticket = ticket;
        this.meters = meters;
    }

    /** One provider request, as the call stage sends it. */
    interface Request {
        ProviderOutcome send() throws InterruptedException;
    }

    /**
     * Sends the request, counted in flight meanwhile; then settles what this hold holds against the
     * answer, and meters its latency, a 429 and its tokens.
     */
    ProviderOutcome send(Link link, Request request) throws InterruptedException {
        var start = System.nanoTime();
        meters.callOpened(link.deployment(), start - heldSince);
        ProviderOutcome result;
        try {
            result = request.send();
        } finally {
            meters.callClosed();
        }
        meters.answered(link.deployment(), link.model().id(), System.nanoTime() - start, result);
        answered(result);
        return result;
    }

    /**
     * The provider answered: the permit is settled against the real usage, a push-back (429, or
     * headers saying nothing is left) pauses the deployment, and the breaker learns the outcome.
     */
    private void answered(ProviderOutcome result) {
        settled = true;
        permit.settle(result instanceof ProviderOutcome.Success s ? s.usage() : Usage.NONE);
        if (result instanceof ProviderOutcome.Retryable r && r.statusCode() == 429) {
            // the provider's bucket is empty: pause the deployment for every replica
            permit.coolDown(r.retryAfter() != null ? r.retryAfter() : Duration.ofSeconds(1));
        } else if (result instanceof ProviderOutcome.Success s && s.pauseHint() != null) {
            // its headers say nothing is left until the reset: pause before the 429 comes
            permit.coolDown(s.pauseHint());
        }
        recorded = true;
        ticket.record(result);
    }

    @Override
    public void close() {
        if (!recorded) {
            ticket.abandon();
        }
        if (!settled) {
            permit.release();
        }
    }
}
