package io.llmq.standalone.engine;

import io.llmq.schema.topic.TopicLayout;
import io.llmq.schema.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static io.llmq.standalone.engine.KafkaTestClients.readCommitted;
import static io.llmq.standalone.engine.KafkaTestClients.readCommittedConsumer;
import static io.llmq.standalone.engine.KafkaTestClients.values;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three combined broker-controller nodes: llmq's topics replicated 3 times with min ISR 2, and an
 * idempotent {@code acks=all} producer (as llmq's are) that loses nothing and doubles nothing when the
 * leader of its partition is killed for good.
 */
@Timeout(value = 3, unit = MINUTES)
class EmbeddedKafkaClusterTest {

    private static final TopicLayout LAYOUT = TopicLayout.fromEnv(Map.of(
            "LLMQ_KAFKA_REPLICATION_FACTOR", "3", "LLMQ_KAFKA_MIN_ISR", "2",
            "LLMQ_JOBS_PARTITIONS_HIGH", "1", "LLMQ_JOBS_PARTITIONS_NORMAL", "1", "LLMQ_JOBS_PARTITIONS_LOW", "1",
            "LLMQ_RESULTS_PARTITIONS", "1"));

    @Test
    void shouldKeepEveryAcknowledgedRecordOnceWhenThePartitionLeaderIsKilledForGood() throws Exception {
        try (var cluster = EmbeddedKafkaCluster.start(3, EmbeddedKafkaSettings.defaults(null));
             var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            Topics.ensure(admin, LAYOUT, Duration.ofSeconds(60));
            assertThat(describe(admin).partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(minIsr(admin)).isEqualTo("2");
            var partition = new TopicPartition(LAYOUT.jobsTopic(), 0);

            try (var producer = idempotentProducer(cluster)) {
                send(producer, partition, values("before-", 500));
                var leader = describe(admin).partitions().getFirst().leader().id();
                cluster.node(leader).kill();

                send(producer, partition, values("after-", 500));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(describe(admin).partitions().getFirst())
                        .satisfies(p -> assertThat(p.leader().id()).isNotEqualTo(leader))
                        .satisfies(p -> assertThat(p.isr()).extracting(Node::id).hasSize(2).doesNotContain(leader)));
            }
            try (var consumer = readCommittedConsumer(cluster, partition)) {
                var read = readCommitted(consumer, partition, 1_000);
                assertThat(read).hasSize(1_000).doesNotHaveDuplicates().startsWith("before-0").endsWith("after-499");
            }
        }
    }

    /** Every send must be acknowledged: a failure here is a record the cluster did not take. */
    private static void send(KafkaProducer<String, String> producer, TopicPartition partition, List<String> values)
            throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        values.forEach(v -> acks.add(producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, v))));
        for (var ack : acks) {
            ack.get();
        }
    }

    private static KafkaProducer<String, String> idempotentProducer(KafkaEngine kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(LAYOUT.jobsTopic())).allTopicNames().get().get(LAYOUT.jobsTopic());
    }

    private static String minIsr(Admin admin) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, LAYOUT.jobsTopic());
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value();
    }
}
