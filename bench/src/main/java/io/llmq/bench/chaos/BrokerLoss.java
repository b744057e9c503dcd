package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.chaos.ClusterView.PartitionState;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.schema.Json;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Kills one broker of the rig's cluster with {@code kill -9}, for good, and measures the cluster's
 * recovery from the outside: when no partition is led by the dead node any more (the leader
 * elections), when it has left every in-sync set, and when the next job is announced.
 *
 * <p>The victim is the coordinator of the workers' consumer group: its loss moves the group's
 * offsets partition while commits are in flight, the hardest case for "outcome before offset", and
 * it leads about a third of llmq's partitions as well.
 */
final class BrokerLoss {
    /** The group coordinator's log: {@code org.apache.kafka.common.internals.Topic.GROUP_METADATA_TOPIC_NAME}. */
    static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(60);

    private final Rig rig;
    private final Progress progress;
    private final ClusterView view;

    private BrokerLoss(Rig rig, Progress progress, ClusterView view) {
        this.rig = rig;
        this.progress = progress;
        this.view = view;
    }

    /**
     * @param announced how many jobs have been announced so far, to see the pipeline move again
     * @return the figures of the loss; {@code recovered} says whether every partition has a live
     *         leader and an in-sync set without the dead node of at least min ISR replicas
     */
    static ObjectNode perform(Rig rig, Progress progress, LongSupplier announced) throws InterruptedException {
        if (rig.kafkaCluster() == null) {
            throw new IllegalStateException("a broker can be lost only from a cluster; set LLMQ_CHAOS_BROKERS=3");
        }
        var topics = List.of(rig.topics().jobsTopic(), rig.topics().resultsTopic(), OFFSETS_TOPIC);
        try (var view = new ClusterView(rig.kafkaBootstrap(), topics)) {
            return new BrokerLoss(rig, progress, view).loseCoordinator(announced);
        }
    }

    private ObjectNode loseCoordinator(LongSupplier announced) throws InterruptedException {
        var victim = view.coordinator(rig.workerGroup());
        var controller = view.controller();
        var before = view.partitions();
        var led = before.entrySet().stream().filter(e -> e.getValue().ledBy(victim)).map(Map.Entry::getKey).toList();
        var announcedAtKill = announced.getAsLong();
        var began = System.nanoTime();
        rig.kafkaCluster().node(victim).kill();
        progress.line(String.format(Locale.ROOT, "killed Kafka broker %d for good (coordinator of %s%s, leader of %d of %d "
                + "partitions) with %,d jobs announced", victim, rig.workerGroup(), victim == controller ? ", active controller" : "",
                led.size(), before.size(), announcedAtKill));

        var recovery = awaitRecovery(victim, began);
        var resumed = progress.await(() -> announced.getAsLong() > announcedAtKill, RESUME_TIMEOUT,
                () -> "waiting for the next job announcement after the broker loss") ? secondsSince(began) : -1;
        var minIsr = Integer.parseInt(view.topicConfig(rig.topics().jobsTopic(), "min.insync.replicas"));

        var report = Json.object();
        report.put("node", victim);
        report.put("was_controller", victim == controller);
        report.put("was_group_coordinator", true);
        report.put("partitions", before.size());
        report.put("leader_elections", countMoved(led, recovery.after(), victim));
        report.put("offsets_partitions_led", led.stream().filter(tp -> tp.topic().equals(OFFSETS_TOPIC)).count());
        report.put("leaders_moved_s", round(recovery.leadersMoved()));
        report.put("in_sync_shrunk_s", round(recovery.inSyncShrunk()));
        report.put("announcements_resumed_s", round(resumed));
        report.put("new_controller", view.controller());
        report.put("new_group_coordinator", view.coordinator(rig.workerGroup()));
        report.put("min_in_sync_after", recovery.after().values().stream().mapToInt(p -> p.inSync().size()).min().orElse(0));
        report.put("recovered", recovery.complete()
                && recovery.after().values().stream().allMatch(p -> p.inSync().size() >= minIsr));
        progress.line(String.format(Locale.ROOT, "broker %d lost: %d leader elections; leaders moved after %.1f s, in-sync sets "
                + "without it after %.1f s, next job announced after %.1f s; controller now %d, group coordinator now %d",
                victim, report.get("leader_elections").asInt(), recovery.leadersMoved(), recovery.inSyncShrunk(), resumed,
                report.get("new_controller").asInt(), report.get("new_group_coordinator").asInt()));
        return report;
    }

    /**
     * When the cluster had moved leadership off the dead node, and dropped it from every in-sync set
     * (seconds after the kill, -1 if not within the timeout), and the partitions as last seen.
     */
    private record Recovery(double leadersMoved, double inSyncShrunk, Map<TopicPartition, PartitionState> after) {
        boolean complete() {
            return leadersMoved >= 0 && inSyncShrunk >= 0;
        }
    }

    private Recovery awaitRecovery(int victim, long began) throws InterruptedException {
        var recovery = new Recovery(-1, -1, Map.of());
        var deadline = began + RECOVERY_TIMEOUT.toNanos();
        while (!recovery.complete() && System.nanoTime() - deadline < 0) {
            try {
                var after = view.partitions();
                var moved = after.values().stream().allMatch(p -> p.leader() >= 0 && !p.ledBy(victim));
                var shrunk = after.values().stream().noneMatch(p -> p.inSync().contains(victim));
                recovery = new Recovery(recovery.leadersMoved() < 0 && moved ? secondsSince(began) : recovery.leadersMoved(),
                        recovery.inSyncShrunk() < 0 && shrunk ? secondsSince(began) : recovery.inSyncShrunk(), after);
            } catch (IllegalStateException electionUnderWay) {
                // asked again on the next round
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return recovery;
    }

    /** Partitions the dead node led that now have another, live leader. */
    private static long countMoved(List<TopicPartition> led, Map<TopicPartition, PartitionState> after, int victim) {
        return led.stream().map(after::get).filter(p -> p != null && p.leader() >= 0 && !p.ledBy(victim)).count();
    }

    /**
     * Before any load: llmq's topics must have been created replicated, with the replication factor
     * and min ISR the rig gave the services, or a broker loss would test less than it claims.
     */
    static void checkReplication(Rig rig, Checks checks, ObjectNode figures) throws InterruptedException {
        var topics = List.of(rig.topics().jobsTopic(), rig.topics().resultsTopic());
        try (var view = new ClusterView(rig.kafkaBootstrap(), topics)) {
            var replicas = view.partitions().values().stream().mapToInt(PartitionState::replicas).min().orElse(0);
            var minIsr = Integer.parseInt(view.topicConfig(rig.topics().jobsTopic(), "min.insync.replicas"));
            figures.put("replication_factor", replicas);
            figures.put("min_insync_replicas", minIsr);
            var layout = rig.topics();
            checks.check("topics replicated across the cluster", replicas > 1 && replicas == layout.replicationFactor()
                            && minIsr == layout.minInsyncReplicas(),
                    String.format(Locale.ROOT, "%d brokers; llmq.jobs and llmq.results: replication factor %d, min.insync.replicas %d",
                            rig.kafkaCluster().size(), replicas, minIsr));
        }
    }

    private static double secondsSince(long began) {
        return (System.nanoTime() - began) / 1e9;
    }

    private static double round(double seconds) {
        return seconds < 0 ? -1 : Math.round(seconds * 10) / 10.0;
    }
}
