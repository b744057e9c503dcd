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
import java.util.Set;
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
    private final StagedReleases staged;
    private final HandBackReleases handBacks;
    private volatile WorkerHeartbeats.Fleet fleet = new WorkerHeartbeats.Fleet(1, 0);
    private final EndingRate endings = new EndingRate(System::nanoTime);
    private long lastBeatNanos = Long.MIN_VALUE;

    public Dispatcher(DataSource dataSource, KafkaProducer<byte[], byte[]> producer, TopicLayout layout, OutcomeStore outcomes,
                      DispatchSettings settings, String instanceId, Load load, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.releaser = new JobReleaser(producer, layout);
        this.settings = settings;
        this.instanceId = instanceId;
        this.load = load;
        this.clock = clock;
        this.leadership = new Leadership(dataSource, instanceId, layout.jobsTopic());
        this.heartbeats = new WorkerHeartbeats(dataSource, layout.jobsTopic());
        this.jobsTopic = layout.jobsTopic();
        this.meters = new DispatchMeters(registry);
        this.ends = new BatchEnds(dataSource, outcomes, clock, instanceId);
        this.staged = new StagedReleases(releaser, pages, instanceId);
        this.handBacks = new HandBackReleases(dataSource, releaser, pages, outcomes, clock, instanceId);
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
            // the provider batch runner hands those batches' jobs to provider batches; what it hands back is released here
            var providerRouted = HandBacksTable.queues(c, jobsTopic);
            if (staged.produceInDoubt(c, batches) || handBacks.produceInDoubt(c, batches, providerRouted)) {
                // the claims moved: plan from a fresh read at the next tick
                return;
            }
            List<QueuedBatch> active = new ArrayList<>();
            for (var b : batches) {
                if (ends.close(b)) {
                    continue;
                }
                var handedBack = providerRouted.get(b.batchId());
                if (handedBack == null) {
                    active.add(b);
                } else if (!handBacks.endIfStopped(c, b, handedBack)) {
                    active.add(HandBackReleases.view(b, handedBack));
                }
            }
            var window = fleet.budget() + settings.bufferJobs(endings.observe(batches));
            meters.saw(active, window);
            var plan = ReleasePlan.of(active, window, settings.lowMinShare());
            release(c, active, plan, providerRouted.keySet());
        }
    }

    private void release(Connection c, List<QueuedBatch> active, Map<String, Integer> plan, Set<String> providerRouted)
            throws SQLException, InterruptedException {
        Map<String, QueuedBatch> byId = new HashMap<>();
        active.forEach(b -> byId.put(b.batchId(), b));
        Map<QueuedBatch, Integer> released = new LinkedHashMap<>();
        for (var entry : plan.entrySet()) {
            var b = byId.get(entry.getKey());
            var jobs = providerRouted.contains(b.batchId()) ? handBacks.release(c, b, entry.getValue()) : staged.release(c, b, entry.getValue());
            if (jobs > 0) {
                released.put(b, jobs);
            }
        }
        if (released.isEmpty()) {
            return;
        }
        // one flush for the tick's staged ranges and hand-backs; on a refusal both stay in doubt and are produced again
        if (!handBacks.settle(c)) {
            log.warn("dispatcher {}: Kafka did not acknowledge {} released jobs; they stay in doubt and are produced again", instanceId,
                    released.values().stream().mapToInt(Integer::intValue).sum());
            return;
        }
        for (var entry : released.entrySet()) {
            var b = entry.getKey();
            if (!providerRouted.contains(b.batchId())) {
                DispatchQueueTable.dispatched(c, b.batchId(), b.claimed() + entry.getValue());
            }
            meters.released(b.priority(), entry.getValue());
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
