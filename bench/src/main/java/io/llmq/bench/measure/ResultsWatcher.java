package io.llmq.bench.measure;

import io.llmq.schema.Json;
import io.llmq.schema.message.ResultEvent;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code llmq.results} as a downstream system would, on a thread of its own, and stamps each
 * event with the moment it arrived. That is where "done" is measured: a job counts when llmq has
 * announced it, which is after its outcome is durable in PostgreSQL.
 *
 * <p>It reads every partition from the beginning by assignment, not by joining a group, so it
 * needs no rebalance before its first event; events are de-duplicated on their {@code event_id},
 * since the outbox relay may publish one twice.
 */
public final class ResultsWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private final Map<String, BatchEvents> batches = new HashMap<>();
    private final Map<String, Arrivals> arrivals = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> jobsAnnounced = new HashSet<>();
    private long jobEvents;
    private long repeatedEvents;
    private long jobsAnnouncedTwice;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    private ResultsWatcher(String bootstrap, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-results",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("bench-results").daemon().unstarted(this::run);
    }

    public static ResultsWatcher start(String bootstrap, String topic) {
        var watcher = new ResultsWatcher(bootstrap, topic);
        watcher.thread.start();
        return watcher;
    }

    private void run() {
        try {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closing) {
                var records = consumer.poll(Duration.ofMillis(200));
                var received = System.nanoTime();
                synchronized (this) {
                    for (var record : records) {
                        take(Json.fromBytes(record.value(), ResultEvent.class), received);
                    }
                }
            }
        } catch (WakeupException expected) {
            // close() woke the poll
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void take(ResultEvent event, long received) {
        if (event.batchId() == null) {
            return;
        }
        if (!seen.add(event.eventId())) {
            repeatedEvents++;
            return;
        }
        var before = batches.getOrDefault(event.batchId(), BatchEvents.NONE);
        switch (event.type()) {
            case ResultEvent.JOB_COMPLETED, ResultEvent.JOB_FAILED -> {
                batches.put(event.batchId(), before.job(ResultEvent.JOB_COMPLETED.equals(event.type()), received));
                arrivals.computeIfAbsent(event.batchId(), id -> new Arrivals()).add(received);
                jobEvents++;
                if (!jobsAnnounced.add(event.jobId())) {
                    jobsAnnouncedTwice++;
                }
            }
            case ResultEvent.BATCH_COMPLETED -> batches.put(event.batchId(), before.batchCompleted(received));
            default -> {
                // a newer event type: not part of these measurements
            }
        }
    }

    public synchronized BatchEvents of(String batchId) {
        check();
        return batches.getOrDefault(batchId, BatchEvents.NONE);
    }

    public synchronized boolean allCompleted(Collection<String> batchIds) {
        check();
        return batchIds.stream().allMatch(id -> batches.getOrDefault(id, BatchEvents.NONE).completed());
    }

    /** Jobs of these batches announced as finished (completed or failed) with a receipt in {@code [fromNanos, toNanos)}. */
    public synchronized long finishedBetween(Collection<String> batchIds, long fromNanos, long toNanos) {
        check();
        long count = 0;
        for (var id : batchIds) {
            var of = arrivals.get(id);
            count += of == null ? 0 : of.between(fromNanos, toNanos);
        }
        return count;
    }

    /** Job events (completed or failed) of every batch so far. */
    public synchronized long jobEvents() {
        check();
        return jobEvents;
    }

    /** Events received again with an event id already seen (allowed: the outbox relay publishes at least once). */
    public synchronized long repeatedEvents() {
        check();
        return repeatedEvents;
    }

    /** Jobs announced by two different events (ids) after de-duplication: each job must have exactly one. */
    public synchronized long jobsAnnouncedTwice() {
        check();
        return jobsAnnouncedTwice;
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("the results consumer failed", failure);
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
