package io.llmq.worker.consume;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The offsets of every partition this worker holds: which records were handed out, which are
 * durable, and so what may be committed. Owned by the consumer thread.
 */
final class OffsetBook {
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();

    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> progress.put(tp, new PartitionProgress()));
    }

    void removed(Collection<TopicPartition> partitions) {
        partitions.forEach(progress::remove);
    }

    Set<TopicPartition> partitions() {
        return Set.copyOf(progress.keySet());
    }

    void started(TopicPartition tp, long offset) {
        var p = progress.get(tp);
        if (p != null) {
            p.started(offset);
        }
    }

    void finished(TopicPartition tp, long offset) {
        var p = progress.get(tp);
        if (p != null) {
            p.finished(offset);
        }
    }

    /** For every partition with something new: the next offset to read after a restart. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> {
            var offset = p.committable();
            if (offset >= 0) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return offsets;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> {
            var p = progress.get(tp);
            if (p != null) {
                p.markCommitted(o.offset());
            }
        });
    }
}
