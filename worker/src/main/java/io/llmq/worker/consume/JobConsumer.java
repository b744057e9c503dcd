package io.llmq.worker.consume;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.worker.call.JobRunner;

import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.schedule.Backpressure;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The worker's one Kafka consumer and the thread that owns it: poll, hand each new job to a run
 * ({@link Runs}), learn when its outcome is durable, commit offsets only up to the first record
 * that is not ({@link OffsetBook}), and pause partitions while the worker holds its budget
 * ({@link Backpressure}), so heap use is bounded by work in flight, not by the backlog.
 */
public final class JobConsumer {
    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration COMMIT_EVERY = Duration.ofMillis(200);
    private static final Duration REVOKE_DRAIN = Duration.ofSeconds(20);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicLayout layout;
    private final Intake intake;
    private final Runs runs;
    private final IntSupplier jobBudget;
    private final long byteBudget;
    private final ConsumeMeters metrics;
    private final CountDownLatch stopping;
    private final OffsetBook offsets = new OffsetBook();
    private volatile boolean halted;
    private volatile Set<TopicPartition> assignment = Set.of();
    private long lastCommit;

    /**
     * @param jobBudget  jobs this worker should hold in flight now (asked at every poll)
     * @param byteBudget bytes of job payloads it may hold in flight
     */
    public JobConsumer(KafkaConsumer<byte[], byte[]> consumer, TopicLayout layout, OutcomeStore store, OutcomeWriter writer,
                       JobRunner runner, ExecutorService jobs, IntSupplier jobBudget, long byteBudget, ConsumeMeters metrics,
                       CountDownLatch stopping) {
        this.consumer = consumer;
        this.layout = layout;
        this.runs = new Runs(runner, writer, jobs);
        this.intake = new Intake(store, offsets, runs, metrics);
        this.jobBudget = jobBudget;
        this.byteBudget = byteBudget;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    public int inFlight() {
        return runs.jobs();
    }

    /** The partitions this worker holds now. */
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    /** The consumer thread's body: runs until the worker stops, then hands back cleanly. */
    public void run(Duration drainTimeout) {
        consumer.subscribe(List.of(layout.jobsTopic()), new Rebalance(offsets, new Rebalance.Owner() {
            @Override
            public boolean halted() {
                return halted;
            }

            @Override
            public void handBack(Collection<TopicPartition> partitions) {
                JobConsumer.this.handBack(partitions);
            }

            @Override
            public void commitNow() {
                commit(true);
            }

            @Override
            public void held(Set<TopicPartition> partitions) {
                assignment = partitions;
            }
        }));
        try {
            while (stopping.getCount() > 0 && !halted) {
                try {
                    var records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        take(records);
                    }
                    settle();
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // a broker restart or a fenced generation: the client reconnects and rejoins by itself
                    log.warn("consumer error, polling again in 1 s: {}", e.toString());
                    stopping.await(1, TimeUnit.SECONDS);
                }
            }
            if (!halted) {
                drain(drainTimeout);
            }
        } catch (WakeupException e) {
            // close() woke a poll up; fall through to the hand-back below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("consumer loop failed; closing without committing unfinished jobs (they will be redelivered)", e);
        } finally {
            consumer.close(halted ? Duration.ZERO : Duration.ofSeconds(10));
        }
    }

    /** Leaves at once without committing anything more, as a crashed process would. */
    public void halt() {
        halted = true;
    }

    private void take(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        try {
            intake.take(records);
        } catch (SQLException e) {
            log.warn("cannot check for finished jobs ({}); re-reading this poll in 1 s", e.toString());
            for (var tp : records.partitions()) {
                consumer.seek(tp, records.records(tp).get(0).offset());
            }
            stopping.await(1, TimeUnit.SECONDS);
        }
    }

    /** Books the runs that ended, commits now and then, and opens or closes partitions. */
    private void settle() throws InterruptedException {
        Done d;
        while ((d = runs.nextEnded(0)) != null) {
            ended(d);
        }
        var now = System.nanoTime();
        if (now - lastCommit > COMMIT_EVERY.toNanos()) {
            commit(false);
            lastCommit = now;
        }
        var decision = Backpressure.decide(consumer.assignment(), consumer.paused(), this::isHigh,
                new Backpressure.Load(runs.calling(), runs.callingHigh(), runs.bytes(), Math.max(1, jobBudget.getAsInt()), byteBudget));
        if (!decision.pause().isEmpty()) {
            consumer.pause(decision.pause());
        }
        if (!decision.resume().isEmpty()) {
            consumer.resume(decision.resume());
        }
        metrics.inFlight(runs.jobs());
    }

    private void ended(Done d) {
        runs.ended(d);
        var delivery = d.delivery();
        // an abandoned run's records stay pending: they are delivered again, here or elsewhere
        if (d.durable()) {
            offsets.finished(delivery.partition(), delivery.offset());
            delivery.followers().forEach(offset -> offsets.finished(delivery.partition(), offset));
        }
    }

    private boolean isHigh(TopicPartition tp) {
        return tp.partition() < layout.jobsPartitions() && layout.priorityOf(tp.partition()) == Priority.HIGH;
    }

    /**
     * Before partitions go to another worker (or are found lost), takes their jobs away from the
     * runs here: a run waiting for a permit or a back-off will not call the provider any more, and a
     * run in a provider call is waited for until its outcome is durable (bounded by
     * {@link #REVOKE_DRAIN}), so the next owner finds the job finished instead of calling again.
     */
    private void handBack(Collection<TopicPartition> partitions) {
        var deadline = System.nanoTime() + REVOKE_DRAIN.toNanos();
        try {
            long holding;
            while ((holding = runs.handBack(partitions)) > 0) {
                if (System.nanoTime() > deadline) {
                    log.warn("{} jobs still in a provider call after {}; handing their partitions back anyway", holding, REVOKE_DRAIN);
                    return;
                }
                var d = runs.nextEnded(5);
                if (d != null) {
                    ended(d);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(Duration timeout) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        consumer.pause(consumer.assignment());
        // no new provider call from here on: runs waiting for a permit or a back-off end now, calls under way finish
        runs.handBack(null);
        while (runs.jobs() > 0 && System.nanoTime() < deadline) {
            consumer.poll(POLL);
            settle();
        }
        if (runs.jobs() > 0) {
            log.warn("stopping with {} jobs unfinished after {}; they will be redelivered", runs.jobs(), timeout);
        }
        commit(true);
    }

    private void commit(boolean sync) {
        var committable = offsets.committable();
        if (committable.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(committable);
            offsets.committed(committable);
            return;
        }
        consumer.commitAsync(committable, (committed, error) -> {
            if (error == null) {
                offsets.committed(committed);
            } else if (error instanceof RebalanceInProgressException) {
                // a rebalance in progress refuses commits; the next commit after it carries the same offsets
                log.debug("offset commit deferred by a rebalance");
            } else {
                log.warn("offset commit failed (will retry with the next one): {}", error.toString());
            }
        });
    }
}
