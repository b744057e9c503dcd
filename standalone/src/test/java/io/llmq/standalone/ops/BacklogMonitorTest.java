package io.llmq.standalone.ops;

import io.llmq.schema.Ids;
import io.llmq.schema.db.Database;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.schema.topic.Topics;
import io.llmq.standalone.engine.KafkaEngine;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.ops.BacklogMonitor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Backlog per class from committed against end offsets on a real broker, transaction markers and aborts included. */
class BacklogMonitorTest {
    private static final KafkaEngine kafka = TestEngines.sharedKafka();
    private final String suffix = Ids.random(8);
    // one partition per class: 0 high, 1 normal, 2 low
    private final TopicLayout layout = new TopicLayout("backlog." + suffix, "backlog-results." + suffix, 1, 1, 1, 1, (short) 1);
    private final String group = "backlog-group-" + suffix;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Admin admin;
    private BacklogMonitor monitor;
    private com.zaxxer.hikari.HikariDataSource dataSource;

    @BeforeEach
    void start() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        Topics.ensure(admin, layout, Duration.ofSeconds(60));
        var pg = TestEngines.sharedPostgres();
        dataSource = Database.pool("backlog-test", pg.jdbcUrl(), pg.user(), pg.password(), 2);
        Database.migrate(dataSource);
        var reader = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        monitor = new BacklogMonitor(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())),
                reader, group, layout, dataSource, registry, Duration.ofSeconds(5), "backlog-test");
    }

    @AfterEach
    void stop() {
        monitor.close();
        admin.close();
        dataSource.close();
    }

    @Test
    void shouldCountUnconsumedJobsPerClassWithTheAgeOfTheOldestAndIgnoreMarkersAndAbortedRecords() throws Exception {
        var twoMinutesAgo = System.currentTimeMillis() - 120_000;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "backlog-" + suffix), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(layout.jobsTopic(), 2, twoMinutesAgo + i, "k", "low-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(layout.jobsTopic(), 0, "k", "aborted-high"));
            producer.flush();
            producer.abortTransaction();
        }

        long outboxRows;
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            // two unrelayed events, an hour old; the shared database may hold other tests' events too
            st.executeUpdate("INSERT INTO outbox (event_id, topic, event_key, payload, created_at) VALUES "
                    + "(gen_random_uuid(), 'backlog-outbox." + suffix + "', 'k', '{}', now() - interval '1 hour'), "
                    + "(gen_random_uuid(), 'backlog-outbox." + suffix + "', 'k', '{}', now() - interval '1 hour')");
            monitor.refreshNow();
            try (var rs = st.executeQuery("SELECT count(*) FROM outbox")) {
                rs.next();
                outboxRows = rs.getLong(1);
            }
        } finally {
            try (var c = dataSource.getConnection(); var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM outbox WHERE topic = 'backlog-outbox." + suffix + "'");
            }
        }
        // offsets count the transaction's commit marker too: at most one more than the records
        assertThat(gauge("llmq.backlog.records", "low")).isBetween(3.0, 4.0);
        assertThat(gauge("llmq.backlog.oldest.age", "low")).isBetween(119.0, 3600.0);
        assertThat(gauge("llmq.backlog.records", "high")).as("an aborted record is no backlog").isZero();
        assertThat(gauge("llmq.backlog.records", "normal")).isZero();
        assertThat(gauge("llmq.backlog.oldest.age", "normal")).isZero();
        assertThat(outboxRows).isGreaterThanOrEqualTo(2);
        assertThat(registry.get("llmq.outbox.backlog").gauge().value()).as("outbox rows").isEqualTo((double) outboxRows);
        assertThat(registry.get("llmq.outbox.oldest.age").gauge().value()).as("oldest event, seconds").isGreaterThanOrEqualTo(3599.0);

        // the group consumed all three: only the commit marker is left past its offset
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(layout.jobsTopic(), 2), new OffsetAndMetadata(3))).all().get();
        monitor.refreshNow();
        assertThat(gauge("llmq.backlog.records", "low")).isZero();
        assertThat(gauge("llmq.backlog.oldest.age", "low")).isZero();
    }

    private double gauge(String name, String priority) {
        return registry.get(name).tag("priority", priority).gauge().value();
    }
}
