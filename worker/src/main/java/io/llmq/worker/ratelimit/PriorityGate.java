package io.llmq.worker.ratelimit;

import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Deployment;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.IntSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The worker's {@link CallGate}: calls to unlimited deployments pass at once; calls to limited ones
 * queue in that deployment's {@link Lane}, which hands out permits from the global buckets in
 * priority order, batches taking turns within a class.
 */
public final class PriorityGate implements CallGate {
    /** How often a job waiting for a permit looks whether the worker is stopping. */
    private static final Duration STOP_CHECK = Duration.ofMillis(200);

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final RateLimitStore store;
    private final Cooldowns cooldowns;
    private final CountDownLatch stopping;

    public PriorityGate(Collection<Deployment> deployments, RateLimitStore store, ClassShares shares, CountDownLatch stopping) {
        this.store = store;
        this.stopping = stopping;
        this.cooldowns = new Cooldowns(store, stopping);
        for (var d : deployments) {
            if (d.limits().limited()) {
                // a lease outlives its call by a margin, so a crashed worker's slot frees itself
                var leaseFor = d.timeout().plus(Duration.ofSeconds(30));
                lanes.put(d.name(), new Lane(d.name(), store, shares, leaseFor, stopping));
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
                    if (stopping.getCount() == 0) {
                        throw new InterruptedException("worker stopping");
                    }
                }
            }
        } catch (InterruptedException e) {
            lane.abandon(waiter);
            waiter.granted().cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("permit for " + deployment + " failed", e.getCause());
        }
    }

    /** Nothing to settle; a 429 still pauses the deployment for every replica. */
    private final class UnlimitedPermit implements Permit {
        private final String deployment;

        UnlimitedPermit(String deployment) {
            this.deployment = deployment;
        }

        @Override
        public void settle(io.llmq.worker.provider.Usage actual) {
        }

        @Override
        public void coolDown(Duration wait) {
            cooldowns.pausedLocally(deployment, wait);
            new GlobalPermit(store, deployment, 0, null).coolDown(wait);
        }
    }
}
