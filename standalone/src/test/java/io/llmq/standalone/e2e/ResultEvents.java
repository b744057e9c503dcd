package io.llmq.standalone.e2e;

import io.llmq.schema.Json;
import io.llmq.schema.message.ResultEvent;
import io.llmq.standalone.engine.KafkaEngine;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A consumer of {@code llmq.results} as a downstream system would run it. */
final class ResultEvents implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ResultEvent> seen = new ArrayList<>();

    ResultEvents(KafkaEngine kafka, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-results-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls once more and returns every event seen so far for the batch. */
    List<ResultEvent> of(String batchId) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
            seen.add(Json.fromBytes(record.value(), ResultEvent.class));
        }
        return seen.stream().filter(e -> batchId.equals(e.batchId())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
