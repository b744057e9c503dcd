package io.llmq.schema.boot;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.db.Database;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.schema.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;

/**
 * The start-up steps both services take before they wire anything: a pool on a migrated schema,
 * and the topics in place. Each is safe to run from every replica at once.
 */
public final class ServiceBoot {
    private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);

    private ServiceBoot() {
    }

    /** A pool of {@code size} connections to a database brought to the newest schema; closed again if that fails. */
    public static HikariDataSource database(String name, String jdbcUrl, String user, String password, int size) {
        var dataSource = Database.pool(name, jdbcUrl, user, password, size);
        try {
            Database.migrate(dataSource);
            return dataSource;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Creates the jobs and results topics as the layout says, if they are missing, and waits until they serve. */
    public static void topics(String kafkaBootstrap, TopicLayout layout) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
            Topics.ensure(admin, layout, TOPICS_TIMEOUT);
        }
    }
}
