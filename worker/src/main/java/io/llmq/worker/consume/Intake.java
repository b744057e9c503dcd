package io.llmq.worker.consume;

import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;

import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.park.Resume;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What becomes of each record of a poll. A job whose outcome is already durable is only
 * acknowledged (never called again); a job still running here from before a rebalance is adopted
 * by that run (one run, one provider call, both records settle with it); every other job starts
 * a run. A record that is not a job message is logged and skipped.
 */
final class Intake {
    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    private final OutcomeStore store;
    private final OffsetBook offsets;
    private final Runs runs;
    private final ConsumeMeters metrics;

    Intake(OutcomeStore store, OffsetBook offsets, Runs runs, ConsumeMeters metrics) {
        this.store = store;
        this.offsets = offsets;
        this.runs = runs;
        this.metrics = metrics;
    }

    /**
     * @throws SQLException when the database cannot say which jobs are finished: nothing was
     *                      started, and the caller reads the poll again
     */
    void take(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        record Fetched(ConsumerRecord<byte[], byte[]> record, JobMessage job) {
        }
        List<Fetched> fetched = new ArrayList<>(records.count());
        for (var record : records) {
            var job = decode(record);
            offsets.started(partitionOf(record), record.offset());
            if (job == null) {
                offsets.finished(partitionOf(record), record.offset());
            } else {
                fetched.add(new Fetched(record, job));
            }
        }
        var finishedBefore = store.finished(fetched.stream().map(f -> f.job().jobId()).toList());
        for (var f : fetched) {
            var tp = partitionOf(f.record());
            var offset = f.record().offset();
            if (finishedBefore.contains(f.job().jobId())) {
                metrics.redeliveredSkipped();
                offsets.finished(tp, offset);
                continue;
            }
            var current = runs.of(f.job().jobId());
            if (current != null && current.adopt(offset)) {
                metrics.redeliveredSkipped();
                continue;
            }
            runs.start(f.job(), Resume.fromHeaders(f.record().headers()),
                    new Delivery(f.job().jobId(), tp, offset, f.record().serializedValueSize()));
        }
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static JobMessage decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.fromBytes(record.value(), JobMessage.class);
        } catch (RuntimeException e) {
            log.error("record {}-{}@{} is not a job message; skipping it: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return null;
        }
    }
}
