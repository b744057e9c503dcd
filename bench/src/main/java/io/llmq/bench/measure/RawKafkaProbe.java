package io.llmq.bench.measure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker's own ceiling for llmq's enqueue pattern, measured on the same broker in the same run:
 * {@code messages} records of the size of a real job message, written in ONE transaction by a
 * producer configured like the submitter's (idempotent, {@code acks=all}, lz4, 5 ms linger,
 * 256 KiB batches), spread round-robin over as many partitions as {@code llmq.jobs} has, on a
 * topic of its own. Timed from the first send to the commit's return, so it includes the flush.
 * No HTTP, no validation, no PostgreSQL: what is left between this and llmq's figure is llmq.
 */
public final class RawKafkaProbe {

    private RawKafkaProbe() {
    }

    /** @return messages per second */
    public static double run(String bootstrap, String topic, int partitions, int messages, byte[] payload)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-raw-" + topic);
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            var key = "bench-raw".getBytes();
            var began = System.nanoTime();
            producer.beginTransaction();
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, key, payload));
            }
            producer.commitTransaction();
            return messages / ((System.nanoTime() - began) / 1e9);
        } finally {
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.deleteTopics(List.of(topic)).all().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
