package io.llmq.worker.budget;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One worker's side of one tenant's budget: what its hold row grants, what calls in flight have
 * reserved out of it, and what recently ended calls reserved. An ended call's cost reaches the
 * ledger a moment later (the outcome writer groups outcomes), so its reservation is kept for
 * {@code settleMillis} more rather than handed back at once: between the two, the money would
 * otherwise be counted nowhere. A lock, not {@code synchronized}: a grant waits on the database,
 * and a virtual thread must not pin its carrier meanwhile. Every method is called under the lock.
 */
final class Account {
    private record Ended(long atMillis, BigDecimal amount) {
    }

    final ReentrantLock lock = new ReentrantLock();
    private final long settleMillis;
    private final Deque<Ended> settling = new ArrayDeque<>();
    private BigDecimal settlingSum = BigDecimal.ZERO;
    private BigDecimal granted = BigDecimal.ZERO;
    private BigDecimal inFlight = BigDecimal.ZERO;
    private Reservation.Denied denied;
    private long deniedUntilMillis;

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

    /** What the hold row grants, as this worker last wrote it. */
    BigDecimal granted() {
        return granted;
    }

    /** Puts {@code amount} in flight if the hold has that much room left; false if it has not. */
    boolean take(BigDecimal amount, long nowMillis) {
        if (free(nowMillis).compareTo(amount) < 0) {
            return false;
        }
        inFlight = inFlight.add(amount);
        return true;
    }

    void ended(BigDecimal amount, long nowMillis) {
        inFlight = inFlight.subtract(amount);
        settling.addLast(new Ended(nowMillis, amount));
        settlingSum = settlingSum.add(amount);
    }

    /** The hold row now grants {@code amount}. */
    void holds(BigDecimal amount) {
        granted = amount;
    }

    /** A grant of {@code hold} was written, and {@code amount} of it is put in flight; an earlier denial no longer holds. */
    void granted(BigDecimal hold, BigDecimal amount) {
        granted = hold;
        denied = null;
        inFlight = inFlight.add(amount);
    }

    /** Answers {@code denial} without asking the database until {@code untilMillis}. */
    void remember(Reservation.Denied denial, long untilMillis) {
        denied = denial;
        deniedUntilMillis = untilMillis;
    }

    /** The denial remembered, if it is still to be answered at {@code nowMillis}. */
    Optional<Reservation.Denied> recentDenial(long nowMillis) {
        return denied != null && nowMillis < deniedUntilMillis ? Optional.of(denied) : Optional.empty();
    }
}
