package io.llmq.submitter.enqueue;

import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.topic.TopicLayout;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Enqueues a whole batch in one Kafka transaction: every job becomes visible to workers at once,
 * or none does. A transactional producer runs one transaction at a time, so a small pool of them
 * lets several batches enqueue concurrently.
 */
public final class JobProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobProducer.class);

    /** Receives the jobs of one batch inside the open transaction. */
    public interface Sink extends Consumer<JobMessage> {
    }

    @FunctionalInterface
    public interface Filler {
        void fill(Sink sink) throws Exception;
    }

    /** Batches of at most this many jobs take the express partitions of their class. */
    public static final int EXPRESS_THRESHOLD = 1000;

    private final TopicLayout layout;
    private final Map<String, Object> config;
    private final BlockingQueue<Slot> pool;

    /** A pool slot; its producer is created lazily, so a broken one is replaced at next use. */
    private record Slot(int index, KafkaProducer<byte[], byte[]> producer) {
    }
    private final Duration acquireTimeout;
    private final EnqueueMeters meters;

    public JobProducer(String bootstrapServers, TopicLayout layout, int poolSize, Duration acquireTimeout) {
        this(bootstrapServers, layout, poolSize, acquireTimeout, EnqueueMeters.NONE);
    }

    public JobProducer(String bootstrapServers, TopicLayout layout, int poolSize, Duration acquireTimeout, EnqueueMeters meters) {
        this.meters = meters;
        this.layout = layout;
        this.acquireTimeout = acquireTimeout;
        this.pool = new ArrayBlockingQueue<>(poolSize);
        var instance = UUID.randomUUID().toString().substring(0, 8);
        this.config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(15).toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "llmq-submitter-" + instance);
        for (int i = 0; i < poolSize; i++) {
            pool.add(new Slot(i, null));
        }
    }

    private KafkaProducer<byte[], byte[]> newProducer(int slot) {
        var settings = new HashMap<>(config);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) + "-" + slot);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, settings.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        var producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        meters.producerCreated(producer);
        return producer;
    }

    /**
     * Runs {@code filler} inside one transaction and commits. Any exception aborts the transaction,
     * so the batch is all enqueued or not at all; the exception is rethrown.
     */
    public int enqueue(String batchId, Priority priority, Filler filler) throws Exception {
        return enqueue(batchId, priority, Integer.MAX_VALUE, filler);
    }

    /** As {@link #enqueue(String, Priority, Filler)}; {@code jobs} picks the express or bulk lane. */
    public int enqueue(String batchId, Priority priority, int jobs, Filler filler) throws Exception {
        var slot = pool.poll(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (slot == null) {
            throw new EnqueueException("every enqueue slot stayed busy for " + acquireTimeout);
        }
        if (slot.producer() == null) {
            try {
                slot = new Slot(slot.index(), newProducer(slot.index()));
            } catch (KafkaException e) {
                pool.add(slot);
                throw new EnqueueException("cannot reach Kafka to enqueue: " + e.getMessage());
            }
        }
        var producer = slot.producer();
        var spreader = new PartitionSpreader(layout, priority, jobs, EXPRESS_THRESHOLD);
        var key = batchId.getBytes(StandardCharsets.UTF_8);
        var count = new int[1];
        var healthy = true;
        try {
            producer.beginTransaction();
            filler.fill(job -> {
                producer.send(new ProducerRecord<>(layout.jobsTopic(), spreader.nextPartition(), key, Json.toBytes(job)));
                count[0]++;
            });
            producer.commitTransaction();
            meters.enqueued(priority, count[0]);
            return count[0];
        } catch (Exception e) {
            healthy = abort(producer, batchId, e);
            throw e;
        } finally {
            pool.add(healthy ? slot : replace(slot));
        }
    }

    private boolean abort(KafkaProducer<byte[], byte[]> producer, String batchId, Exception cause) {
        try {
            producer.abortTransaction();
            log.warn("enqueue of batch {} aborted, nothing of it is visible to workers: {}", batchId, cause.toString());
            return true;
        } catch (KafkaException e) {
            log.error("enqueue of batch {} failed and its transaction could not be aborted; replacing the producer "
                    + "(the broker aborts the open transaction when the new producer fences it)", batchId, e);
            return false;
        }
    }

    private static Slot replace(Slot broken) {
        broken.producer().close(Duration.ofSeconds(5));
        return new Slot(broken.index(), null);
    }

    @Override
    public void close() {
        Slot slot;
        while ((slot = pool.poll()) != null) {
            if (slot.producer() != null) {
                slot.producer().close(Duration.ofSeconds(10));
            }
        }
    }

    /** Kafka could not take the batch; nothing of it was enqueued. */
    public static final class EnqueueException extends Exception {
        EnqueueException(String message) {
            super(message);
        }
    }
}
