package io.llmq.worker.ratelimit;

import io.llmq.schema.Priority;
import io.llmq.worker.provider.Usage;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Where a provider call asks for permission first. Every call takes one request and an estimate
 * of its tokens from its deployment's limits before it is sent, and settles the estimate against
 * the real usage afterwards, so that limits hold for the sum of all worker replicas.
 */
public interface CallGate {

    /** Permission to call a deployment, holding what was reserved until it is settled. */
    interface Permit {
        /** Reports the provider's real usage (or none, for an unbilled failure) and frees the slot. */
        void settle(Usage actual);

        /** The call was not made after all (breaker open, worker stopping): everything reserved goes back. */
        default void release() {
            settle(Usage.NONE);
        }

        /** Tells the gate the deployment pushed back (429 / rate-limit headers) for this long. */
        default void coolDown(Duration wait) {
        }

        /**
         * Whether this permit holds a share of a rate: then it must not wait for a call slot, for
         * the call would leave late, bunched with the calls of later permits, and meet a 429.
         */
        default boolean holdsRate() {
            return true;
        }
    }

    /**
     * Blocks until {@code deployment} may be called with about {@code estimatedTokens} tokens, or
     * until the worker stops (then throws {@link InterruptedException}). A job waiting for permits
     * waits; it does not fail. Calls with different {@code fairnessKey}s (batches) take turns. The
     * estimate is asked for only when the deployment has limits: counting a prompt's tokens is a
     * good share of a call's own CPU, wasted where nothing is reserved.
     */
    Permit acquire(String deployment, IntSupplier estimatedTokens, Priority priority, String fairnessKey)
            throws InterruptedException;

    default Permit acquire(String deployment, int estimatedTokens, Priority priority) throws InterruptedException {
        return acquire(deployment, () -> estimatedTokens, priority, "");
    }

    /**
     * How long {@code deployment} stays paused by a provider's push-back (429), as this worker saw
     * it last; zero when it is open. Read to spread a pool's jobs; the pause itself is kept by {@link #acquire}.
     */
    default Duration pausedFor(String deployment) {
        return Duration.ZERO;
    }

    /** Calls of this worker queued for a permit of {@code deployment} now: how far its limits are behind. */
    default int waiting(String deployment) {
        return 0;
    }

    /** No limits: every call may go at once. */
    CallGate OPEN = (deployment, tokens, priority, key) -> actual -> { };
}
