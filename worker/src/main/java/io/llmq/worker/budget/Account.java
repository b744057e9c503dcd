package io.llmq.worker.budget;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One worker's side of one tenant's budget: what its hold row grants, what calls in flight have
 * reserved out of it, and what recently ended calls reserved. An ended call's cost reaches the
 * ledger a moment later (the outcome writer groups outcomes), so its reservation is kept for
 * {@code settleMillis} more rather than handed back at once: between the two, the money would
 * otherwise be counted nowhere. A lock, not {@code synchronized}: a grant waits on the database,
 * and a virtual thread must not pin its carrier meanwhile.
 */
final class Account {
    private record Ended(long atMillis, BigDecimal amount) {
    }

    final ReentrantLock lock = new ReentrantLock();
    private final long settleMillis;
    private final Deque<Ended> settling = new ArrayDeque<>();
    private BigDecimal settlingSum = BigDecimal.ZERO;
    BigDecimal granted = BigDecimal.ZERO;
    BigDecimal inFlight = BigDecimal.ZERO;
    Reservation.Denied denied;
    long deniedUntilMillis;

    Account(long settleMillis) {
        this.settleMillis = settleMillis;
    }

    /** In flight plus settling: what this worker's hold must cover now. */
    BigDecimal committed(long nowMillis) {
        while (!settling.isEmpty() && nowMillis - settling.peekFirst().atMillis() >= settleMillis) {
            settlingSum = settlingSum.subtract(settling.pollFirst().amount());
        }
        return inFlight.add(settlingSum);
    }

    BigDecimal free(long nowMillis) {
        return granted.subtract(committed(nowMillis));
    }

    void ended(BigDecimal amount, long nowMillis) {
        inFlight = inFlight.subtract(amount);
        settling.addLast(new Ended(nowMillis, amount));
        settlingSum = settlingSum.add(amount);
    }
}
