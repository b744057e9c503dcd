package io.llmq.worker.consume;

import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.call.JobRunner;
import io.llmq.worker.call.Run;
import io.llmq.worker.park.Resume;
import io.llmq.worker.ops.WorkerMetrics;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.outcome.OutcomeWriter;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's one Kafka consumer and the thread that owns it. It hands each record to a virtual
 * thread, learns through {@link Done} when the record's outcome is durable, and commits offsets
 * only up to the first record that is not. It pauses every partition while too many jobs are in
 * flight, so heap use is bounded by {@code maxInFlight}, not by the backlog.
 */
public final class JobConsumer {
    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration COMMIT_EVERY = Duration.ofMillis(200);

    private static final Duration REVOKE_DRAIN = Duration.ofSeconds(20);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicLayout layout;
    private final String topic;
    private final OutcomeStore store;
    private final OutcomeWriter writer;
    private final JobRunner runner;
    private final ExecutorService jobs;
    private final int maxInFlight;
    private final WorkerMetrics metrics;
    private final CountDownLatch stopping;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    /** The run of each job started here and not yet ended, by job id; owned by the consumer thread. */
    private final Map<String, Delivery> running = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean halted;
    private volatile Set<TopicPartition> assignment = Set.of();
    private long lastCommit;

    public JobConsumer(KafkaConsumer<byte[], byte[]> consumer, TopicLayout layout, OutcomeStore store, OutcomeWriter writer,
                       JobRunner runner, ExecutorService jobs, int maxInFlight, WorkerMetrics metrics,
                       CountDownLatch stopping) {
        this.consumer = consumer;
        this.layout = layout;
        this.topic = layout.jobsTopic();
        this.store = store;
        this.writer = writer;
        this.runner = runner;
        this.jobs = jobs;
        this.maxInFlight = maxInFlight;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The partitions this worker holds now. */
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    /** The consumer thread's body: runs until the worker stops, then hands back cleanly. */
    public void run(Duration drainTimeout) {
        consumer.subscribe(List.of(topic), new Rebalance());
        try {
            while (stopping.getCount() > 0 && !halted) {
                try {
                    var records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        dispatch(records);
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

    private void dispatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        record Fetched(ConsumerRecord<byte[], byte[]> record, JobMessage job) {
        }
        List<Fetched> runnable = new ArrayList<>(records.count());
        List<String> jobIds = new ArrayList<>(records.count());
        for (var record : records) {
            var job = decode(record);
            if (job != null) {
                runnable.add(new Fetched(record, job));
                jobIds.add(job.jobId());
            } else {
                started(record);
                finished(partitionOf(record), record.offset());
            }
        }
        Collection<String> finishedBefore;
        try {
            finishedBefore = store.finished(jobIds);
        } catch (SQLException e) {
            log.warn("cannot check for finished jobs ({}); re-reading this poll in 1 s", e.toString());
            rewind(records);
            stopping.await(1, TimeUnit.SECONDS);
            return;
        }
        for (var r : runnable) {
            var record = r.record();
            var job = r.job();
            started(record);
            var tp = partitionOf(record);
            if (finishedBefore.contains(job.jobId())) {
                metrics.redeliveredSkipped();
                finished(tp, record.offset());
                continue;
            }
            var current = running.get(job.jobId());
            if (current != null && current.adopt(record.offset())) {
                // still running here from before a rebalance: one run, one provider call, both records settle with it
                metrics.redeliveredSkipped();
                continue;
            }
            var delivery = new Delivery(job.jobId(), tp, record.offset());
            running.put(job.jobId(), delivery);
            inFlight.incrementAndGet();
            var resume = Resume.fromHeaders(record.headers());
            jobs.execute(() -> runJob(job, resume, delivery));
        }
    }

    private void runJob(JobMessage job, Resume resume, Delivery delivery) {
        // every log line of this job's thread carries its ids (a virtual thread per job, so no leaks)
        MDC.put("job_id", job.jobId());
        MDC.put("batch_id", job.batchId());
        try {
            var run = runner.run(job, resume, delivery);
            // the status only: an outcome holds the completion text, which stays out of the logs
            log.debug("job ran: {}", run instanceof Run.Finished f ? f.outcome().status().wireName() : run.getClass().getSimpleName());
            switch (run) {
                case Run.Finished f -> writer.submit(f.outcome(), () -> done.add(new Done(delivery, true)));
                // durable in parked_jobs: the record may be committed past
                case Run.Parked p -> done.add(new Done(delivery, true));
                case Run.Abandoned a -> done.add(new Done(delivery, false));
            }
        } catch (InterruptedException e) {
            done.add(new Done(delivery, false));
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("job {} of batch {} failed unexpectedly; recording it as failed", job.jobId(), job.batchId(), e);
            writer.submit(JobRunner.unexpected(job, e), () -> done.add(new Done(delivery, true)));
        } finally {
            MDC.clear();
        }
    }

    /** Takes the runs that ended off the queue; returns whether there were any. */
    private boolean takeEnded() {
        Done d;
        var any = false;
        while ((d = done.poll()) != null) {
            ended(d);
            any = true;
        }
        return any;
    }

    private void ended(Done d) {
        inFlight.decrementAndGet();
        var delivery = d.delivery();
        delivery.end();
        running.remove(delivery.jobId(), delivery);
        // an abandoned run's records stay pending: they are delivered again, here or elsewhere
        if (d.durable()) {
            finished(delivery.partition(), delivery.offset());
            delivery.followers().forEach(offset -> finished(delivery.partition(), offset));
        }
    }

    private void settle() {
        takeEnded();
        var now = System.nanoTime();
        if (now - lastCommit > COMMIT_EVERY.toNanos()) {
            commit(false);
            lastCommit = now;
        }
        backpressure();
        metrics.inFlight(inFlight.get());
    }

    /**
     * Bounded buffers, by pause and resume. Each partition may hold at most a quarter of the
     * worker's in-flight budget, so one large batch's partitions cannot take all of it. Above the
     * budget, bulk partitions of {@code normal} and {@code low} stop; {@code high} and express
     * partitions (small batches) keep flowing for a quarter more, so urgent and small work still
     * reaches the scheduler behind a full worker. Memory is bounded by in-flight work, not by the
     * backlog. Resumption waits for some slack (hysteresis) so partitions do not flap.
     */
    private void backpressure() {
        var n = inFlight.get();
        var perPartition = Math.max(8, maxInFlight / 4);
        var headroom = Math.max(1, maxInFlight / 4);
        var paused = consumer.paused();
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (var tp : consumer.assignment()) {
            var p = progress.get(tp);
            var own = p == null ? 0 : p.inFlight();
            var isPaused = paused.contains(tp);
            var privileged = isHigh(tp) || isExpress(tp);
            var limit = privileged ? maxInFlight + headroom : maxInFlight;
            // high and express partitions reopen as soon as there is room: they are the ones a
            // waiting urgent or small batch sits in, and flapping them costs little
            var open = isPaused && !privileged
                    ? own < perPartition / 2 && n < limit - headroom / 2
                    : own < perPartition && n < limit;
            if (isPaused && open) {
                resume.add(tp);
            } else if (!isPaused && !open) {
                pause.add(tp);
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    private boolean isExpress(TopicPartition tp) {
        if (tp.partition() >= layout.jobsPartitions()) {
            return false;
        }
        var priority = layout.priorityOf(tp.partition());
        var lastOfClass = layout.firstPartition(priority) + layout.partitionCount(priority);
        return tp.partition() >= lastOfClass - layout.expressCount(priority);
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
        while (true) {
            var holding = running.values().stream()
                    .filter(d -> partitions.contains(d.partition()))
                    .filter(d -> !d.handBack())
                    .count();
            if (holding == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                log.warn("{} jobs still in a provider call after {}; handing their partitions back anyway", holding, REVOKE_DRAIN);
                return;
            }
            try {
                var d = done.poll(5, TimeUnit.MILLISECONDS);
                if (d != null) {
                    ended(d);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drain(Duration timeout) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        consumer.pause(consumer.assignment());
        // no new provider call from here on: runs waiting for a permit or a back-off end now, calls under way finish
        running.values().forEach(Delivery::handBack);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            consumer.poll(POLL);
            settle();
        }
        if (inFlight.get() > 0) {
            log.warn("stopping with {} jobs unfinished after {}; they will be redelivered", inFlight.get(), timeout);
        }
        commit(true);
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> {
            var offset = p.committable();
            if (offset >= 0) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(offsets);
            offsets.forEach((tp, o) -> progress.get(tp).markCommitted(o.offset()));
        } else {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    // a rebalance in progress refuses commits; the next commit after it carries the same offsets
                    if (error instanceof RebalanceInProgressException) {
                        log.debug("offset commit deferred by a rebalance");
                    } else {
                        log.warn("offset commit failed (will retry with the next one): {}", error.toString());
                    }
                } else {
                    committed.forEach((tp, o) -> {
                        var p = progress.get(tp);
                        if (p != null) {
                            p.markCommitted(o.offset());
                        }
                    });
                }
            });
        }
    }

    private void started(ConsumerRecord<byte[], byte[]> record) {
        var p = progress.get(partitionOf(record));
        if (p != null) {
            p.started(record.offset());
        }
    }

    private void finished(TopicPartition partition, long offset) {
        var p = progress.get(partition);
        if (p != null) {
            p.finished(offset);
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (var tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static JobMessage decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.fromBytes(record.value(), JobMessage.class);
        } catch (RuntimeException e) {
            log.error("record {}-{}@{} is not a job message; skipping it: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return null;
        }
    }

    /** Commits what is durable before partitions move to another worker, so it does not redo them. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!halted) {
                handBack(partitions);
                try {
                    commit(true);
                } catch (KafkaException e) {
                    // the records past the last commit are delivered again, and skipped where finished
                    log.warn("cannot commit before handing partitions back: {}", e.toString());
                }
            }
            partitions.forEach(progress::remove);
            assignment = Set.copyOf(progress.keySet());
            log.info("partitions revoked: {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!halted) {
                handBack(partitions);
            }
            partitions.forEach(progress::remove);
            assignment = Set.copyOf(progress.keySet());
            log.warn("partitions lost: {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> progress.put(tp, new PartitionProgress()));
            assignment = Set.copyOf(progress.keySet());
            log.info("partitions assigned: {}", partitions);
        }
    }
}
