package io.llmq.worker.consume;

import io.llmq.worker.call.CallFence;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;

/**
 * One record of a job being run here, from dispatch until its outcome is durable or the run is
 * abandoned. It is the run's {@link CallFence}: once the consumer hands the partition back, a run
 * that is not in a provider call can no longer start one, and one that is holds the hand-back
 * until its outcome is durable (bounded by the consumer's drain deadline).
 */
final class Delivery implements CallFence {
    private enum State { WAITING, CALLING, HANDED_BACK, ENDED }

    private final String jobId;
    private final TopicPartition partition;
    private final long offset;
    /** Bytes of the record's payload, held in memory until the run ends. */
    private final int bytes;
    /** Later records of the same job that arrived while this run held a call; owned by the consumer thread. */
    private final List<Long> followers = new ArrayList<>();
    private State state = State.WAITING;

    Delivery(String jobId, TopicPartition partition, long offset, int bytes) {
        this.jobId = jobId;
        this.partition = partition;
        this.offset = offset;
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }

    String jobId() {
        return jobId;
    }

    TopicPartition partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    List<Long> followers() {
        return followers;
    }

    /**
     * Takes on a later record of the same job (redelivered to this worker after a rebalance while
     * this run still held it) if this run can still finish the job; the record is then settled with
     * this run instead of calling the provider a second time. False if the run was handed back.
     */
    synchronized boolean adopt(long laterOffset) {
        if (state != State.WAITING && state != State.CALLING) {
            return false;
        }
        followers.add(laterOffset);
        return true;
    }

    @Override
    public synchronized boolean enter() {
        if (state == State.CALLING) {
            // it never left its last call: that answer was billed and failed an output check, and this calls again
            return true;
        }
        if (state != State.WAITING) {
            return false;
        }
        state = State.CALLING;
        return true;
    }

    @Override
    public synchronized void leave() {
        if (state == State.CALLING) {
            state = State.WAITING;
        }
    }

    /** True while a call of this run is under way or its outcome is not durable yet. */
    synchronized boolean holdsCall() {
        return state == State.CALLING;
    }

    /**
     * Takes the job away from this run unless it is in a call. Returns true when the run can no
     * longer call the provider (handed back or ended), false while it holds a call.
     */
    synchronized boolean handBack() {
        if (state == State.WAITING) {
            state = State.HANDED_BACK;
        }
        return state != State.CALLING;
    }

    synchronized void end() {
        state = State.ENDED;
    }
}
