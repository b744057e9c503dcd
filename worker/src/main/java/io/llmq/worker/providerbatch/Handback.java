package io.llmq.worker.providerbatch;

import io.llmq.schema.Ids;
import io.llmq.schema.Priority;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.schema.topic.TopicLayout;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends jobs a provider batch did not answer (a line failed, expired or was cancelled; the whole
 * batch was refused; the deployment has no adapter) back to {@code llmq.jobs}, where llmq's own
 * rules take them: a synchronous call with the usual retries, or {@code cancelled} / {@code expired}
 * from the guard when the batch is being cancelled or its window is over. Each job goes to the
 * partition its id picks, as the dispatcher sends it, so a job handed back twice (the runner died
 * before it recorded the hand-back) is run once by the consumer's redelivery rules.
 */
final class Handback {
    private final Producer<byte[], byte[]> producer;
    private final TopicLayout layout;

    Handback(Producer<byte[], byte[]> producer, TopicLayout layout) {
        this.producer = producer;
        this.layout = layout;
    }

    /**
     * Produces the jobs and waits for Kafka to acknowledge every one.
     *
     * @return false if Kafka refused any: the caller keeps its row open and hands them back again later
     */
    boolean send(String batchId, Priority priority, Collection<JobPages.StagedJob> jobs) throws InterruptedException {
        if (jobs.isEmpty()) {
            return true;
        }
        var key = batchId.getBytes(StandardCharsets.UTF_8);
        List<Future<RecordMetadata>> sent = new ArrayList<>(jobs.size());
        try {
            for (var job : jobs) {
                var partition = layout.partitionFor(priority, Ids.job(batchId, job.line()));
                sent.add(producer.send(new ProducerRecord<>(layout.jobsTopic(), partition, key, job.message())));
            }
            producer.flush();
            for (var f : sent) {
                f.get();
            }
            return true;
        } catch (ExecutionException | KafkaException e) {
            return false;
        }
    }
}
