package io.llmq.worker.park;

import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.worker.outcome.BatchesTable;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Brings parked jobs back when they are due. Every worker runs one; {@code FOR UPDATE SKIP LOCKED}
 * hands each due row to exactly one of them. Per round, in one database transaction: lock due rows,
 * produce each job back to {@code llmq.jobs} (a partition of its own priority class) with its spent
 * attempts in headers, wait for every acknowledgement, then delete the rows and commit.
 *
 * <p>A crash after the produce and before the commit leaves the rows, and a later round produces
 * them again: a job may be delivered twice, never lost. A second delivery is harmless: a job's
 * outcome is unique per job id, and a job that has one is not run again.
 */
public final class ReEnqueuer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReEnqueuer.class);
    static final int ROUND = 500;

    private final DataSource dataSource;
    private final Producer<byte[], byte[]> producer;
    private final TopicLayout topics;
    private final Parking parking;
    private final Duration every;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    public ReEnqueuer(DataSource dataSource, Producer<byte[], byte[]> producer, TopicLayout topics, Parking parking,
                      Duration every, String name) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.topics = topics;
        this.parking = parking;
        this.every = every;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    while (round() == ROUND && stop.getCount() > 0) {
                        // a full round: more may be due, go again at once
                    }
                    parking.sawParked(parking.count());
                } catch (SQLException | RuntimeException e) {
                    log.warn("re-enqueuing parked jobs failed (will try again): {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One transaction: the rows are deleted only once Kafka acknowledged every produced record. */
    int round() throws SQLException {
        return Transaction.run(dataSource, c -> {
            var due = ParkedJobsTable.lockDue(c, ROUND);
            if (due.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>(due.size());
            for (var p : due) {
                var record = new ProducerRecord<>(topics.jobsTopic(), partition(p), null,
                        p.job().jobId().getBytes(StandardCharsets.UTF_8), Json.toBytes(p.job()), p.resume().toHeaders());
                sent.add(producer.send(record));
            }
            producer.flush();
            try {
                for (var f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new SQLException("Kafka did not take the re-enqueued jobs; keeping them parked", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while re-enqueuing; keeping the jobs parked", e);
            }
            ParkedJobsTable.delete(c, due.stream().map(p -> p.job().jobId()).toList());
            var held = due.stream().filter(p -> ParkedJob.HOLDING.contains(p.reason())).map(p -> p.job().batchId()).distinct().toList();
            if (!held.isEmpty()) {
                // they come back to try again; one still over budget or spent parks and shows the hold again
                BatchesTable.releaseHolds(c, held);
            }
            log.debug("re-enqueued {} parked jobs", due.size());
            return due.size();
        });
    }

    /** A partition of the job's own priority class, spread by job id. */
    private Integer partition(ParkedJob p) {
        var priority = Priority.parse(p.job().priority());
        return topics.firstPartition(priority) + Math.floorMod(p.job().jobId().hashCode(), topics.partitionCount(priority));
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
