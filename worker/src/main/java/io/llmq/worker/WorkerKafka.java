package io.llmq.worker;

import io.llmq.worker.consume.ClassAwareAssignor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/** The Kafka clients of one worker, each with the settings its use needs and why. */
final class WorkerKafka {
    private static final int MAX_POLL_RECORDS = 100;

    private WorkerKafka() {
    }

    static KafkaConsumer<byte[], byte[]> jobConsumer(WorkerConfig config) {
        Map<String, Object> props = Map.ofEntries(
                Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()),
                Map.entry(ConsumerConfig.GROUP_ID_CONFIG, config.groupId()),
                Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, "llmq-worker-" + config.name()),
                Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                // small polls, so one poll cannot push the worker far over its budget (which moves with
                // Little's law) before backpressure applies
                Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(16, Math.min(MAX_POLL_RECORDS, config.maxInFlight() / 8))),
                // small fetches per partition: the consumer drains one partition's buffered fetch
                // before the next, so large ones would keep an urgent partition waiting
                Map.entry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 128 * 1024),
                // a fetch waiting for data on idle partitions must not hold back urgent records for long
                Map.entry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50),
                Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis()),
                Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, config.sessionTimeout().toMillis() / 5)),
                Map.entry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ClassAwareAssignor.class.getName()),
                Map.entry(ClassAwareAssignor.LAYOUT_CONFIG, ClassAwareAssignor.layoutValue(config.topics())));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads the oldest unconsumed job of each lagging partition for its age: no group, no commits. */
    static KafkaConsumer<byte[], byte[]> backlogReader(WorkerConfig config) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, "llmq-backlog-" + config.name(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static KafkaProducer<byte[], byte[]> eventProducer(WorkerConfig config) {
        return producer(config, "llmq-outbox-", Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
    }

    /** Re-enqueues parked jobs: idempotent and acks=all, so a produced job is neither lost nor doubled by retries. */
    static KafkaProducer<byte[], byte[]> jobProducer(WorkerConfig config) {
        return producer(config, "llmq-reenqueue-", Map.of());
    }

    /** Releases staged jobs: idempotent and acks=all; large batches, since a tick releases hundreds at once. */
    static KafkaProducer<byte[], byte[]> dispatchProducer(WorkerConfig config) {
        return producer(config, "llmq-dispatch-", Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // a tick waits for its acknowledgements; a broker that is down must not hold it for minutes
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    private static KafkaProducer<byte[], byte[]> producer(WorkerConfig config, String clientPrefix, Map<String, Object> extra) {
        var props = new java.util.HashMap<String, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, clientPrefix + config.name(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5));
        props.putAll(extra);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
