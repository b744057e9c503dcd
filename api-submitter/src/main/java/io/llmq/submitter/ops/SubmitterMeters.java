package io.llmq.submitter.ops;

import io.llmq.schema.Priority;
import io.llmq.schema.ops.StandardMeters;
import io.llmq.submitter.enqueue.EnqueueMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.EnumMap;
import java.util.Map;

/** The submitter's own meters: batches and jobs enqueued per priority class; its producers' Kafka metrics. */
public final class SubmitterMeters implements EnqueueMeters {
    private final StandardMeters standard;
    private final Map<Priority, Counter> batches = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> jobs = new EnumMap<>(Priority.class);

    public SubmitterMeters(MeterRegistry registry, StandardMeters standard) {
        this.standard = standard;
        for (var p : Priority.values()) {
            batches.put(p, Counter.builder("llmq.batches.enqueued").tag("priority", p.wireName())
                    .description("Batches whose jobs were enqueued (transaction committed)").register(registry));
            jobs.put(p, Counter.builder("llmq.jobs.enqueued").tag("priority", p.wireName())
                    .description("Jobs enqueued on llmq.jobs").register(registry));
        }
    }

    @Override
    public void producerCreated(KafkaProducer<byte[], byte[]> producer) {
        standard.kafka(producer);
    }

    @Override
    public void enqueued(Priority priority, int count) {
        batches.get(priority).increment();
        jobs.get(priority).increment(count);
    }
}
