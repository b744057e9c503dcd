package io.llmq.worker.outbox;

import io.llmq.schema.db.Transaction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes outbox events to {@code llmq.results}. Rows are locked with {@code SKIP LOCKED}, so any
 * number of workers relay in parallel without publishing a row twice at the same time; a row is
 * deleted only after Kafka acknowledged it. A crash between the two re-publishes the row later,
 * with the same event id, which is why consumers de-duplicate on it.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final int BATCH = 1000;
    private static final Duration IDLE_WAIT = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    public OutboxRelay(DataSource dataSource, KafkaProducer<byte[], byte[]> producer, String name) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        var wait = IDLE_WAIT;
        try {
            while (stop.getCount() > 0) {
                int published;
                try {
                    published = relayOnce();
                    wait = IDLE_WAIT;
                } catch (Exception e) {
                    log.warn("outbox relay failed, retrying in {} ms: {}", wait.toMillis(), e.toString());
                    published = 0;
                    wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
                }
                if (published < BATCH && stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes up to {@link #BATCH} events; returns how many. */
    int relayOnce() throws Exception {
        return Transaction.run(dataSource, c -> {
            var rows = OutboxTable.lockOldest(c, BATCH);
            if (rows.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (var row : rows) {
                var record = new ProducerRecord<>(row.topic(), row.key().getBytes(StandardCharsets.UTF_8),
                        row.payload().getBytes(StandardCharsets.UTF_8));
                record.headers().add(new RecordHeader("event-id", row.eventId().getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(record));
            }
            producer.flush();
            for (var ack : acks) {
                try {
                    ack.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.sql.SQLException("interrupted while publishing events", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new java.sql.SQLException("Kafka refused an event: " + e.getCause(), e.getCause());
                }
            }
            OutboxTable.delete(c, rows);
            return rows.size();
        });
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
