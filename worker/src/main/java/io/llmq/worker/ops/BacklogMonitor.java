package io.llmq.worker.ops;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The queue as an operator sees it, refreshed every few seconds on one thread: the workers'
 * backlog per priority class (records of {@code llmq.jobs} past the consumer group's committed
 * offsets) and the age of the oldest of them, and the outbox rows not yet relayed.
 *
 * <p>Lag is the committed offset against the read-committed end offset, partition by partition,
 * mapped to classes through the {@link TopicLayout}. A transaction's commit marker takes an offset
 * too, so a drained partition can show one record of lag; to tell that apart, the oldest record
 * of every lagging partition is read (its timestamp is the age), and a partition where nothing is
 * left to read counts as empty. Every replica reports the same cluster-wide numbers: aggregate
 * them with {@code max}, not {@code sum}.
 */
public final class BacklogMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BacklogMonitor.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final OldestRecords oldest;
    private final String group;
    private final TopicLayout layout;
    private final OutboxBacklog outbox;
    private final Map<Priority, AtomicLong> records = new EnumMap<>(Priority.class);
    /** Epoch millis of the oldest unconsumed record per class; 0 when there is none. */
    private final Map<Priority, AtomicLong> oldestAt = new EnumMap<>(Priority.class);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;

    public BacklogMonitor(Admin admin, KafkaConsumer<byte[], byte[]> reader, String group, TopicLayout layout,
                          DataSource dataSource, MeterRegistry registry, Duration every, String threadName) {
        this.admin = admin;
        this.oldest = new OldestRecords(reader);
        this.group = group;
        this.layout = layout;
        this.outbox = new OutboxBacklog(dataSource, registry);
        for (var p : Priority.values()) {
            records.put(p, new AtomicLong());
            oldestAt.put(p, new AtomicLong());
            Gauge.builder("llmq.backlog.records", records.get(p), AtomicLong::get).tag("priority", p.wireName())
                    .description("Jobs in llmq.jobs not yet consumed by the worker group, by priority class").register(registry);
            Gauge.builder("llmq.backlog.oldest.age", oldestAt.get(p), BacklogMonitor::ageSeconds).tag("priority", p.wireName())
                    .baseUnit("seconds").description("Age of the oldest unconsumed job of the class (0 when none)").register(registry);
        }
        this.thread = Thread.ofPlatform().name(threadName).unstarted(() -> loop(every));
    }

    public void start() {
        thread.start();
    }

    private void loop(Duration every) {
        try {
            do {
                try {
                    refreshNow();
                } catch (Exception e) {
                    // an unreachable broker or database must not end the loop; the gauges keep their last values
                    log.debug("backlog refresh failed: {}", e.toString());
                }
            } while (!stopping.await(every.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            oldest.close();
        }
    }

    /** One refresh: Kafka offsets, the oldest records, the outbox. Called by the monitor's own thread. */
    public void refreshNow() throws ExecutionException, InterruptedException, TimeoutException, SQLException {
        Map<TopicPartition, Long> from = new HashMap<>();
        var start = offsets(OffsetSpec.earliest());
        var end = offsets(OffsetSpec.latest());
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        end.forEach((tp, last) -> {
            var c = committed.get(tp);
            var first = Math.max(start.getOrDefault(tp, 0L), c == null ? 0L : c.offset());
            if (last > first) {
                from.put(tp, first);
            }
        });
        var firstTimestamps = oldest.read(from, end);
        Map<Priority, Long> lag = new EnumMap<>(Priority.class);
        Map<Priority, Long> age = new EnumMap<>(Priority.class);
        firstTimestamps.forEach((tp, ts) -> {
            var p = layout.priorityOf(tp.partition());
            lag.merge(p, end.get(tp) - from.get(tp), Long::sum);
            age.merge(p, ts, Math::min);
        });
        for (var p : Priority.values()) {
            records.get(p).set(lag.getOrDefault(p, 0L));
            oldestAt.get(p).set(age.getOrDefault(p, 0L));
        }
        outbox.refresh();
    }

    private Map<TopicPartition, Long> offsets(OffsetSpec spec) throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int i = 0; i < layout.jobsPartitions(); i++) {
            request.put(new TopicPartition(layout.jobsTopic(), i), spec);
        }
        return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static double ageSeconds(AtomicLong at) {
        var ts = at.get();
        return ts <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - ts) / 1000.0;
    }

    @Override
    public void close() {
        stopping.countDown();
        if (thread.getState() == Thread.State.NEW) {
            // never started (a test drives refreshNow itself): the reader is closed here, not by the loop
            oldest.close();
        } else {
            try {
                thread.join(CALL_TIMEOUT.plusSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        admin.close(Duration.ofSeconds(5));
    }
}
