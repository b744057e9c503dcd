package io.llmq.worker.call;

/**
 * Asked just before every provider call whether this delivery of a job may still make it. When
 * the consumer hands the job's partition back (a rebalance, a lost session), another worker will
 * run the job from its record: a delivery that is not in a call at that moment must never start
 * one, or the provider would be called, and bill, twice for one job.
 */
public interface CallFence {

    /** For a delivery nobody can take away (tests, tools). */
    CallFence OPEN = new CallFence() {
        @Override
        public boolean enter() {
            return true;
        }

        @Override
        public void leave() {
        }
    };

    /**
     * True if the call may start; from then on the delivery counts as holding a call until it
     * {@link #leave()}s or its outcome is durable. False once the delivery was handed back: the
     * run then ends as {@link Run.Abandoned} without calling. A delivery that still holds a call
     * (its billed answer failed an output check) may enter again.
     */
    boolean enter();

    /** The call ended in a retryable failure and nothing of it is to be recorded: the delivery holds no call now. */
    void leave();
}
