package io.llmq.worker.dispatch;

import io.llmq.schema.Ids;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.worker.schedule.QueuedBatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Produces released jobs into {@code llmq.jobs}: each job to the partition its id picks within
 * its class (so a job produced twice lands in one partition), keyed by batch id, through an
 * idempotent {@code acks=all} producer. The dispatcher calls {@link #acknowledged()} once per tick:
 * only jobs Kafka acknowledged are marked dispatched.
 */
final class JobReleaser implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final TopicLayout layout;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    JobReleaser(KafkaProducer<byte[], byte[]> producer, TopicLayout layout) {
        this.producer = producer;
        this.layout = layout;
    }

    void send(QueuedBatch batch, List<JobPages.StagedJob> jobs) {
        var key = batch.batchId().getBytes(StandardCharsets.UTF_8);
        for (var job : jobs) {
            var partition = layout.partitionFor(batch.priority(), Ids.job(batch.batchId(), job.line()));
            sent.add(producer.send(new ProducerRecord<>(layout.jobsTopic(), partition, key, job.message())));
        }
    }

    /**
     * Waits until everything sent since the last call is acknowledged.
     *
     * @return false if Kafka refused any of it: those jobs stay in doubt and are produced again
     */
    boolean acknowledged() throws InterruptedException {
        try {
            producer.flush();
            for (var f : sent) {
                f.get();
            }
            return true;
        } catch (ExecutionException | KafkaException e) {
            return false;
        } finally {
            sent.clear();
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
