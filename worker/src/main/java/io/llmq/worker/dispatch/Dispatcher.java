package io.llmq.worker.dispatch;

import io.llmq.schema.topic.TopicLayout;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.schedule.QueuedBatch;
import io.llmq.worker.schedule.ReleasePlan;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * The dispatch stage: releases accepted jobs from the dispatch queue into {@code llmq.jobs}, in
 * priority and fair-share order ({@link ReleasePlan}), keeping only the work the workers want in
 * flight plus a short buffer outside PostgreSQL. Every worker runs one; the one holding the
 * dispatch lock ({@link Leadership}) is active, the others only report their budgets.
 *
 * <p>Nothing lost, nothing twice: a range of jobs is claimed (compare-and-set) before it is
 * produced and marked dispatched only after Kafka acknowledged it; a dispatcher that dies between
 * leaves the range in doubt, and the next tick of whoever leads produces it again, to the same
 * partitions, where the consumer's redelivery rules run each job once. A cancelled or expired
 * batch releases nothing more: its unreleased jobs end in one statement.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration BEAT_EVERY = Duration.ofSeconds(1);
    private static final Duration FOLLOWER_WAIT = Duration.ofSeconds(1);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    /** What this worker wants in flight and holds now, as reported to the dispatcher. */
    public record Load(IntSupplier budget, IntSupplier inFlight) {
    }

    private final DataSource dataSource;
    private final JobReleaser releaser;
    private final OutcomeStore outcomes;
    private final DispatchSettings settings;
    private final String instanceId;
    private final Load load;
    private final Clock clock;
    private final Leadership leadership;
    private final String jobsTopic;
    private final WorkerHeartbeats heartbeats;
    private final DispatchMeters meters;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private final PageReader pages = new PageReader();
    private final BatchEnds ends;
    private volatile WorkerHeartbeats.Fleet fleet = new WorkerHeartbeats.Fleet(1, 0);
    private final EndingRate endings = new EndingRate(System::nanoTime);
    private long lastBeatNanos = Long.MIN_VALUE;

    public Dispatcher(DataSource dataSource, KafkaProducer<byte[], byte[]> producer, TopicLayout layout, OutcomeStore outcomes,
                      DispatchSettings settings, String instanceId, Load load, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.releaser = new JobReleaser(producer, layout);
        this.outcomes = outcomes;
        this.settings = settings;
        this.instanceId = instanceId;
        this.load = load;
        this.clock = clock;
        this.leadership = new Leadership(dataSource, instanceId, layout.jobsTopic());
        this.heartbeats = new WorkerHeartbeats(dataSource, layout.jobsTopic());
        this.jobsTopic = layout.jobsTopic();
        this.meters = new DispatchMeters(registry);
        this.ends = new BatchEnds(dataSource, outcomes, clock, instanceId);
        this.thread = Thread.ofPlatform().name("llmq-dispatch-" + instanceId).daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Workers alive now (heartbeats of the last {@value WorkerHeartbeats#LIVE_SECONDS} s), this one included. */
    public int liveWorkers() {
        return Math.max(1, fleet.workers());
    }

    /** Whether this worker is the active dispatcher. */
    public boolean leading() {
        return leadership.held();
    }

    private void run() {
        try {
            while (stopping.getCount() > 0) {
                beatIfDue();
                var lead = leadership.lead();
                meters.leading(lead);
                var wait = lead ? settings.tick() : FOLLOWER_WAIT;
                if (lead) {
                    try {
                        tick();
                    } catch (SQLException e) {
                        log.warn("dispatcher {}: database unavailable ({}); trying again in {} ms", instanceId, e.toString(),
                                AFTER_FAILURE.toMillis());
                        wait = AFTER_FAILURE;
                    } catch (RuntimeException e) {
                        log.error("dispatcher {}: tick failed; trying again in {} ms", instanceId, AFTER_FAILURE.toMillis(), e);
                        wait = AFTER_FAILURE;
                    }
                }
                if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leadership.close();
            meters.leading(false);
        }
    }

    private void beatIfDue() {
        var now = System.nanoTime();
        if (lastBeatNanos != Long.MIN_VALUE && now - lastBeatNanos < BEAT_EVERY.toNanos()) {
            return;
        }
        lastBeatNanos = now;
        try {
            heartbeats.beat(instanceId, load.budget().getAsInt(), load.inFlight().getAsInt());
            fleet = heartbeats.fleet();
        } catch (SQLException e) {
            log.debug("dispatcher {}: heartbeat failed: {}", instanceId, e.toString());
        }
    }

    /** One look at the queue: jobs in doubt first, then batches that end, then the releases. */
    void tick() throws SQLException, InterruptedException {
        try (var c = dataSource.getConnection()) {
            var batches = DispatchQueueTable.open(c, jobsTopic);
            pages.keepOnly(batches);
            if (produceInDoubt(c, batches)) {
                // the claims moved: plan from a fresh read at the next tick
                return;
            }
            // the provider batch runner hands those batches' jobs to provider batches; cancel and expiry end them here
            var providerRouted = DispatchQueueTable.providerRouted(c, jobsTopic);
            List<QueuedBatch> active = new ArrayList<>();
            for (var b : batches) {
                if (!ends.close(b) && !providerRouted.contains(b.batchId())) {
                    active.add(b);
                }
            }
            var window = fleet.budget() + settings.bufferJobs(endings.observe(batches));
            meters.saw(active, window);
            var plan = ReleasePlan.of(active, window, settings.lowMinShare());
            release(c, active, plan);
        }
    }

    /** Produces again every range a dispatcher claimed but never saw acknowledged; returns whether there was any. */
    private boolean produceInDoubt(Connection c, List<QueuedBatch> batches) throws SQLException, InterruptedException {
        var inDoubt = batches.stream().filter(QueuedBatch::inDoubt).toList();
        if (inDoubt.isEmpty()) {
            return false;
        }
        var jobs = 0;
        for (var b : inDoubt) {
            var range = pages.jobs(c, b.batchId(), b.dispatched(), b.claimed());
            releaser.send(b, range);
            jobs += range.size();
        }
        if (!releaser.acknowledged()) {
            log.warn("dispatcher {}: Kafka did not acknowledge {} jobs in doubt; producing them again next tick", instanceId, jobs);
            return true;
        }
        for (var b : inDoubt) {
            DispatchQueueTable.dispatched(c, b.batchId(), b.claimed());
        }
        log.info("dispatcher {}: produced again {} jobs of {} batches that a dispatcher had claimed but not seen acknowledged "
                + "(the consumer runs each once)", instanceId, jobs, inDoubt.size());
        return true;
    }

    private void release(Connection c, List<QueuedBatch> active, Map<String, Integer> plan) throws SQLException, InterruptedException {
        if (plan.isEmpty()) {
            return;
        }
        Map<String, QueuedBatch> byId = new HashMap<>();
        active.forEach(b -> byId.put(b.batchId(), b));
        Map<QueuedBatch, Integer> claimed = new LinkedHashMap<>();
        var jobs = 0;
        for (var entry : plan.entrySet()) {
            var b = byId.get(entry.getKey());
            var to = b.claimed() + entry.getValue();
            var range = pages.jobs(c, b.batchId(), b.claimed(), to);
            if (range.size() != entry.getValue()) {
                log.error("dispatcher {}: batch {} has {} staged jobs in [{}, {}), expected {}; not releasing it", instanceId,
                        b.batchId(), range.size(), b.claimed(), to, entry.getValue());
                continue;
            }
            if (!DispatchQueueTable.claim(c, b.batchId(), b.claimed(), to)) {
                // another dispatcher moved it, or it was closed: the next tick reads it again
                pages.forget(b.batchId());
                continue;
            }
            releaser.send(b, range);
            claimed.put(b, to);
            jobs += range.size();
        }
        if (claimed.isEmpty()) {
            return;
        }
        if (!releaser.acknowledged()) {
            log.warn("dispatcher {}: Kafka did not acknowledge {} released jobs; they stay in doubt and are produced again", instanceId, jobs);
            return;
        }
        for (var entry : claimed.entrySet()) {
            DispatchQueueTable.dispatched(c, entry.getKey().batchId(), entry.getValue());
            meters.released(entry.getKey().priority(), entry.getValue() - entry.getKey().claimed());
        }
    }

    /** Stops dispatching, hands the lock back and leaves the fleet; joined with a deadline. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(Duration.ofSeconds(10));
            heartbeats.leave(instanceId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.debug("dispatcher {}: could not remove its heartbeat: {}", instanceId, e.toString());
        }
        releaser.close();
    }
}
