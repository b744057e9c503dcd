package io.llmq.worker.consume;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Set;

/**
 * Before partitions go to another worker, this one hands their jobs back and commits what is
 * durable, so the next owner neither calls the provider for a job running here nor redoes one
 * that ended. Runs on the consumer thread, inside its poll.
 */
final class Rebalance implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(Rebalance.class);

    /** What the consumer does for a rebalance. */
    interface Owner {
        /** The worker is imitating a crash: nothing is handed back or committed. */
        boolean halted();

        /** Takes the runs of these partitions away, waiting (bounded) for those in a provider call. */
        void handBack(Collection<TopicPartition> partitions);

        void commitNow();

        /** The partitions held from now on. */
        void held(Set<TopicPartition> partitions);
    }

    private final OffsetBook offsets;
    private final Owner owner;

    Rebalance(OffsetBook offsets, Owner owner) {
        this.offsets = offsets;
        this.owner = owner;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!owner.halted()) {
            owner.handBack(partitions);
            try {
                owner.commitNow();
            } catch (KafkaException e) {
                // the records past the last commit are delivered again, and skipped where finished
                log.warn("cannot commit before handing partitions back: {}", e.toString());
            }
        }
        offsets.removed(partitions);
        owner.held(offsets.partitions());
        log.info("partitions revoked: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (!owner.halted()) {
            owner.handBack(partitions);
        }
        offsets.removed(partitions);
        owner.held(offsets.partitions());
        log.warn("partitions lost: {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        offsets.assigned(partitions);
        owner.held(offsets.partitions());
        log.info("partitions assigned: {}", partitions);
    }
}
