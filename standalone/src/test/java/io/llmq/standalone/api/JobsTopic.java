package io.llmq.standalone.api;

import io.llmq.schema.topic.TopicLayout;
import io.llmq.standalone.engine.KafkaEngine;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** The end offsets of a stack's jobs topic: if they did not move, nothing was enqueued (not even an aborted transaction). */
final class JobsTopic {

    private JobsTopic() {
    }

    static Map<TopicPartition, Long> endOffsets(KafkaEngine kafka, TopicLayout layout) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < layout.jobsPartitions(); p++) {
                request.put(new TopicPartition(layout.jobsTopic(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }
}
