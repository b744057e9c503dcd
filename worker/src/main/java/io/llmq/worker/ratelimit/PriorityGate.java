package io.llmq.worker.ratelimit;

import io.llmq.worker.schedule.ClassShares;

import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.provider.Usage;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * The worker's {@link CallGate}: calls to unlimited deployments pass at once (unless a 429 paused
 * them); calls to limited ones queue in that deployment's {@link Lane}, which hands out permits
 * from the global buckets in priority order, batches taking turns within a class.
 *
 * <p>The public constructor starts one dispatcher per limited deployment and the cooldown
 * refresher; {@link #close()} stops and joins them. Close it after the jobs that may still ask
 * for permits have ended (a job waiting when it closes ends with {@link InterruptedException}).
 */
public final class PriorityGate implements CallGate, AutoCloseable {
    /** How often a job waiting for a permit looks whether the worker is stopping. */
    private static final Duration STOP_CHECK = Duration.ofMillis(200);

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final PermitStore store;
    private final Cooldowns cooldowns;
    private final CountDownLatch stopping;
    private final ClassShares shares;
    private final CallSlots slots;
    private volatile boolean started;

    /** @param slots whether this worker could start a call to a deployment now (its bulkheads) */
    public PriorityGate(Collection<Deployment> deployments, RateLimitStore store, ClassShares shares, CountDownLatch stopping,
                        CallSlots slots) {
        this(deployments, store, shares, stopping, Ticker.SYSTEM, slots);
        start();
    }

    /** Not started: tests call {@link #start()} (or only look at the decisions). */
    PriorityGate(Collection<Deployment> deployments, PermitStore store, ClassShares shares, CountDownLatch stopping, Ticker ticker) {
        this(deployments, store, shares, stopping, ticker, CallSlots.ALWAYS);
    }

    private PriorityGate(Collection<Deployment> deployments, PermitStore store, ClassShares shares, CountDownLatch stopping,
                         Ticker ticker, CallSlots slots) {
        this.store = store;
        this.stopping = stopping;
        this.cooldowns = new Cooldowns(store, ticker);
        this.shares = shares;
        this.slots = slots;
        track(deployments);
    }

    synchronized PriorityGate start() {
        cooldowns.start();
        started = true;
        lanes.values().forEach(Lane::start);
        return this;
    }

    /**
     * Takes a catalogue version: a deployment that is limited now gets a lane. A lane stays when
     * its deployment's limits are lifted; the global bucket is gone then and grants at once.
     */
    public synchronized void track(Collection<Deployment> deployments) {
        for (var d : deployments) {
            if (d.limits().limited() && !lanes.containsKey(d.name())) {
                // a lease outlives its call by a margin, so a crashed worker's slot frees itself
                var leaseFor = d.timeout().plus(Duration.ofSeconds(30));
                var lane = new Lane(d.name(), store, shares, leaseFor, stopping, slots);
                lanes.put(d.name(), lane);
                if (started) {
                    lane.start();
                }
            }
        }
    }

    @Override
    public Permit acquire(String deployment, IntSupplier estimatedTokens, Priority priority, String fairnessKey)
            throws InterruptedException {
        var lane = lanes.get(deployment);
        if (lane == null) {
            cooldowns.awaitOpen(deployment, stopping);
            return new UnlimitedPermit(deployment);
        }
        var waiter = new Waiter(priority, fairnessKey, estimatedTokens.getAsInt(), new CompletableFuture<>());
        lane.enqueue(waiter);
        try {
            while (true) {
                try {
                    return waiter.granted().get(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // the lane's dispatcher ends when the worker stops: a waiter must not outlive it
                    if (!lane.running()) {
                        throw new InterruptedException("worker stopping");
                    }
                }
            }
        } catch (InterruptedException e) {
            giveUp(lane, waiter);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("permit for " + deployment + " failed", e.getCause());
        }
    }

    @Override
    public Duration pausedFor(String deployment) {
        return cooldowns.pausedFor(deployment);
    }

    @Override
    public int waiting(String deployment) {
        var lane = lanes.get(deployment);
        return lane == null ? 0 : lane.waiting();
    }

    /**
     * Leaves the lane. The dispatcher may have granted the permit a moment ago, after the wait
     * ended but before the waiter left: then the permit is here, unused, and goes back at once;
     * dropping it would hold its request and its concurrency lease until the lease expired.
     */
    static void giveUp(Lane lane, Waiter waiter) {
        lane.abandon(waiter);
        if (!waiter.granted().cancel(false)) {
            var granted = waiter.granted().getNow(null);
            if (granted != null) {
                granted.release();
            }
        }
    }

    /** Stops every lane's dispatcher and the cooldown refresher, and joins them. */
    @Override
    public void close() {
        lanes.values().forEach(Lane::close);
        cooldowns.close();
    }

    /** Nothing to settle; a 429 still pauses the deployment for every replica. */
    private final class UnlimitedPermit implements Permit {
        private final String deployment;

        UnlimitedPermit(String deployment) {
            this.deployment = deployment;
        }

        @Override
        public void settle(Usage actual) {
        }

        @Override
        public boolean holdsRate() {
            return false;
        }

        @Override
        public void coolDown(Duration wait) {
            cooldowns.pausedLocally(deployment, wait);
            new GlobalPermit(store, deployment, 0, null).coolDown(wait);
        }
    }
}
