package io.llmq.bench.rig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the workers' consumer group has settled: every worker a member and every partition of
 * {@code llmq.jobs} assigned. Load submitted earlier would be measured against a group that is
 * still rebalancing, which is start-up cost, not throughput.
 */
final class GroupReadiness implements AutoCloseable {
    private final Admin admin;
    private final String group;
    private final String jobsTopic;
    private final int partitions;

    GroupReadiness(String bootstrap, String group, String jobsTopic, int partitions) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.group = group;
        this.jobsTopic = jobsTopic;
        this.partitions = partitions;
    }

    /** Empty once the group is ready; otherwise what it lacks (state, members, assigned partitions). */
    Optional<String> unsettled(int expectedMembers) throws InterruptedException {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("group " + group + " not described yet (" + e.getClass().getSimpleName() + ")");
        }
        var assigned = new HashSet<TopicPartition>();
        description.members().forEach(m -> m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(jobsTopic)).forEach(assigned::add));
        if (description.groupState() == GroupState.STABLE && description.members().size() == expectedMembers
                && assigned.size() == partitions) {
            return Optional.empty();
        }
        return Optional.of("group " + group + ": " + description.groupState() + ", " + description.members().size() + "/"
                + expectedMembers + " members, " + assigned.size() + "/" + partitions + " partitions assigned");
    }

    @Override
    public void close() {
        admin.close();
    }
}
