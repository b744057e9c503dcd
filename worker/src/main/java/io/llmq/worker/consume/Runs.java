package io.llmq.worker.consume;

import io.llmq.schema.Priority;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.call.JobRunner;
import io.llmq.worker.call.Run;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.park.Resume;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs this worker runs now: each on a virtual thread, from its record until its outcome is
 * durable. A run reports its end through a queue that only the consumer thread takes from, so the
 * books of runs and offsets have one owner.
 */
final class Runs {
    private static final Logger log = LoggerFactory.getLogger(Runs.class);

    private final JobRunner runner;
    private final OutcomeWriter writer;
    private final ExecutorService threads;
    /** The run of each job started here and not yet ended, by job id; owned by the consumer thread. */
    private final Map<String, Delivery> running = new HashMap<>();
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private final AtomicInteger jobs = new AtomicInteger();
    /** Of those, the runs not yet handed to the writer: the ones a provider call may still come from. */
    private final AtomicInteger calling = new AtomicInteger();
    /** Of those, the {@code high} ones: urgent work has an in-flight budget of its own. */
    private final AtomicInteger callingHigh = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    Runs(JobRunner runner, OutcomeWriter writer, ExecutorService threads) {
        this.runner = runner;
        this.writer = writer;
        this.threads = threads;
    }

    int jobs() {
        return jobs.get();
    }

    /**
     * Runs that may still call a provider (waiting for a permit, calling, backing off): what the
     * in-flight budget from Little's law counts. A run whose outcome waits for the writer holds
     * only memory, which the byte budget counts.
     */
    int calling() {
        return calling.get();
    }

    int callingHigh() {
        return callingHigh.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** The run of {@code jobId} under way here, or null. */
    Delivery of(String jobId) {
        return running.get(jobId);
    }

    void start(JobMessage job, Resume resume, Delivery delivery) {
        running.put(job.jobId(), delivery);
        jobs.incrementAndGet();
        calling.incrementAndGet();
        var high = Priority.HIGH.wireName().equals(job.priority());
        if (high) {
            callingHigh.incrementAndGet();
        }
        bytes.addAndGet(delivery.bytes());
        threads.execute(() -> run(job, resume, delivery, high));
    }

    private void run(JobMessage job, Resume resume, Delivery delivery, boolean high) {
        // every log line of this job's thread carries its ids (a virtual thread per job, so no leaks)
        MDC.put("job_id", job.jobId());
        MDC.put("batch_id", job.batchId());
        Run run;
        try {
            try {
                run = runner.run(job, resume, delivery);
            } finally {
                calling.decrementAndGet();
                if (high) {
                    callingHigh.decrementAndGet();
                }
            }
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

    /** The next run that ended, waiting up to {@code millis}; null if none. */
    Done nextEnded(long millis) throws InterruptedException {
        return millis <= 0 ? done.poll() : done.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Books a run's end; on the consumer thread. */
    void ended(Done d) {
        var delivery = d.delivery();
        jobs.decrementAndGet();
        bytes.addAndGet(-delivery.bytes());
        delivery.end();
        running.remove(delivery.jobId(), delivery);
    }

    /**
     * Takes the runs of {@code partitions} away (all runs for null): those waiting will not call
     * the provider any more. Returns how many still hold a provider call.
     */
    long handBack(Collection<TopicPartition> partitions) {
        return running.values().stream()
                .filter(d -> partitions == null || partitions.contains(d.partition()))
                .filter(d -> !d.handBack())
                .count();
    }
}
