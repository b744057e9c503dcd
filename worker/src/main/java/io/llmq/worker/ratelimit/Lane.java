package io.llmq.worker.ratelimit;

import io.llmq.worker.schedule.ClassShares;

import io.llmq.schema.Priority;
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
 * One limited deployment's queue in this worker, with one dispatcher (a named virtual thread,
 * started by {@link #start()}, stopped and joined by {@link #close()}) that asks the global
 * limiter for a permit on behalf of whoever should go next. Asking on behalf of the next waiter,
 * not of whoever asked first, is what makes priority hold under a rate limit: a high job that
 * arrives while a low one waits for the bucket to refill takes the next permit.
 *
 * <p>Every permit the dispatcher takes ends in exactly one settle or release: it is handed to its
 * waiter, or, when that waiter gave up meanwhile, released here at once (request, tokens and
 * concurrency lease back), so a departed waiter never holds a slot until its lease expires.
 */
final class Lane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);
    private static final long MAX_WAIT_MS = 250;
    /** How often a lane whose worker has no free call slot looks again. */
    private static final long SLOT_WAIT_MS = 5;
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);

    private final String deployment;
    private final PermitStore store;
    private final ClassShares shares;
    private final Duration leaseFor;
    private final CountDownLatch stopping;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final WaitingRoom room;
    private final CallSlots slots;
    private Thread dispatcher;

    /** @param stopping the worker's stop signal; the lane also stops on {@link #close()} */
    Lane(String deployment, PermitStore store, ClassShares shares, Duration leaseFor, CountDownLatch stopping) {
        this(deployment, store, shares, leaseFor, stopping, CallSlots.ALWAYS);
    }

    /** @param slots whether the worker could start a call now: no permit is taken while it could not */
    Lane(String deployment, PermitStore store, ClassShares shares, Duration leaseFor, CountDownLatch stopping, CallSlots slots) {
        this.slots = slots;
        this.deployment = deployment;
        this.store = store;
        this.shares = shares;
        this.leaseFor = leaseFor;
        this.stopping = stopping;
        this.room = new WaitingRoom(shares);
    }

    synchronized Lane start() {
        if (dispatcher == null) {
            dispatcher = Thread.ofVirtual().name("llmq-lane-" + deployment).start(this::dispatch);
        }
        return this;
    }

    boolean running() {
        return closing.getCount() > 0 && stopping.getCount() > 0;
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

    /** Calls of this worker queued for a permit now. */
    int waiting() {
        lock.lock();
        try {
            return room.size();
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
            while (running()) {
                var next = awaitNext();
                if (next == null) {
                    continue;
                }
                if (!slots.free(deployment)) {
                    // every call slot is busy: a permit now would only wait for one, and leave late in a bunch
                    if (closing.await(SLOT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
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
                    hand(next, new GlobalPermit(store, deployment, next.tokens(), lease));
                } else if (closing.await(Math.min(wait, MAX_WAIT_MS), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the permit to its waiter, or back to the buckets when the waiter has already left. */
    private void hand(Waiter next, GlobalPermit permit) {
        lock.lock();
        try {
            room.granted(next);
        } finally {
            lock.unlock();
        }
        if (!next.granted().complete(permit)) {
            permit.release();
        }
    }

    private Waiter awaitNext() throws InterruptedException {
        lock.lock();
        try {
            while (room.isEmpty()) {
                arrived.await(200, TimeUnit.MILLISECONDS);
                if (!running()) {
                    return null;
                }
            }
            return room.peek();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the dispatcher and waits (briefly) for it; waiters still queued see {@link #running()} false. */
    @Override
    public void close() {
        closing.countDown();
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        Thread t;
        synchronized (this) {
            t = dispatcher;
        }
        Threads.join(t, CLOSE_WITHIN, log);
    }
}
