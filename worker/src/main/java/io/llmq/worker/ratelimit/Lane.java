package io.llmq.worker.ratelimit;

import io.llmq.schema.Priority;
import io.llmq.worker.provider.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One limited deployment's queue in this worker, with one dispatcher (a virtual thread) that asks
 * the global limiter for a permit on behalf of whoever should go next. Asking on behalf of the
 * next waiter, not of whoever asked first, is what makes priority hold under a rate limit: a high
 * job that arrives while a low one waits for the bucket to refill takes the next permit.
 */
final class Lane {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);
    private static final long MAX_WAIT_MS = 250;

    private final String deployment;
    private final RateLimitStore store;
    private final ClassShares shares;
    private final Duration leaseFor;
    private final CountDownLatch stopping;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final WaitingRoom room;

    Lane(String deployment, RateLimitStore store, ClassShares shares, Duration leaseFor, CountDownLatch stopping) {
        this.deployment = deployment;
        this.store = store;
        this.shares = shares;
        this.leaseFor = leaseFor;
        this.stopping = stopping;
        this.room = new WaitingRoom(shares);
        Thread.ofVirtual().name("llmq-lane-" + deployment).start(this::dispatch);
    }

    void enqueue(Waiter w) {
        lock.lock();
        try {
            room.add(w);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    void abandon(Waiter w) {
        lock.lock();
        try {
            room.remove(w);
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        var backoff = 50L;
        try {
            while (stopping.getCount() > 0) {
                var next = awaitNext();
                if (next == null) {
                    continue;
                }
                var lease = UUID.randomUUID();
                long wait;
                try {
                    wait = store.take(deployment, next.tokens(), shares.reserve(next.priority()), lease, leaseFor,
                            next.priority() == Priority.HIGH, shares.minShare(next.priority()));
                    backoff = 50;
                } catch (SQLException e) {
                    log.warn("rate limiter of {} unreachable, waiting {} ms: {}", deployment, backoff, e.toString());
                    wait = backoff;
                    backoff = Math.min(5000, backoff * 2);
                }
                if (wait == 0) {
                    lock.lock();
                    try {
                        room.granted(next);
                    } finally {
                        lock.unlock();
                    }
                    if (!next.granted().complete(new GlobalPermit(store, deployment, next.tokens(), lease))) {
                        // the job gave up waiting (worker stopping): hand the reservation back
                        new GlobalPermit(store, deployment, next.tokens(), lease).settle(Usage.NONE);
                    }
                } else if (stopping.await(Math.min(wait, MAX_WAIT_MS), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Waiter awaitNext() throws InterruptedException {
        lock.lock();
        try {
            while (room.isEmpty()) {
                if (!arrived.await(200, TimeUnit.MILLISECONDS) && stopping.getCount() == 0) {
                    return null;
                }
            }
            return room.peek();
        } finally {
            lock.unlock();
        }
    }
}
