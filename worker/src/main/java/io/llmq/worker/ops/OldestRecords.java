package io.llmq.worker.ops;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * Reads the first record at given offsets, for its timestamp, with a group-less read-committed
 * consumer (it commits nothing and joins no group, so the workers' assignment never sees it).
 */
final class OldestRecords implements AutoCloseable {
    private static final Duration READ_FOR = Duration.ofSeconds(3);

    private final KafkaConsumer<byte[], byte[]> consumer;

    OldestRecords(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * @return the timestamp of the first readable record at or after {@code from} of each
     * partition; a partition with nothing readable before {@code end} (only transaction markers
     * or aborted records) is left out
     */
    Map<TopicPartition, Long> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> first = new HashMap<>();
        if (from.isEmpty()) {
            return first;
        }
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        var open = new HashSet<>(from.keySet());
        var deadline = System.nanoTime() + READ_FOR.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                var tp = new TopicPartition(record.topic(), record.partition());
                if (open.remove(tp)) {
                    first.put(tp, record.timestamp());
                }
            }
            open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            consumer.pause(from.keySet().stream().filter(tp -> !open.contains(tp)).toList());
        }
        // not read within the time: still a backlog, of unknown age (counted as just now)
        open.forEach(tp -> first.put(tp, System.currentTimeMillis()));
        consumer.unsubscribe();
        return first;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
