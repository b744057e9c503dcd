package io.llmq.submitter.enqueue;

import io.llmq.schema.Priority;
import org.apache.kafka.clients.producer.KafkaProducer;

/** What the enqueue reports to the process's meters: each new producer, and each committed batch. */
public interface EnqueueMeters {

    /** A producer was created (at first use of a slot, or to replace a broken one). */
    void producerCreated(KafkaProducer<byte[], byte[]> producer);

    /** A batch's transaction committed {@code jobs} jobs of {@code priority}. */
    void enqueued(Priority priority, int jobs);

    EnqueueMeters NONE = new EnqueueMeters() {
        @Override
        public void producerCreated(KafkaProducer<byte[], byte[]> producer) {
        }

        @Override
        public void enqueued(Priority priority, int jobs) {
        }
    };
}
