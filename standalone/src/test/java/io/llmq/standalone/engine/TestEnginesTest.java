package io.llmq.standalone.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.SQLException;

import static io.llmq.standalone.engine.KafkaTestClients.createTopic;
import static io.llmq.standalone.engine.KafkaTestClients.readCommitted;
import static io.llmq.standalone.engine.KafkaTestClients.readCommittedConsumer;
import static io.llmq.standalone.engine.PostgresTestSql.queryStrings;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared per-JVM engines serve, and survive a test class that closes what it was given. */
@Timeout(value = 3, unit = MINUTES)
class TestEnginesTest {

    @Test
    void shouldHandOutOneSharedKafkaThatAClosingTestCannotStop() {
        try (var kafka = TestEngines.sharedKafka()) {
            createTopic(kafka, "shared-before-close");
        }

        var again = TestEngines.sharedKafka();
        var partition = createTopic(again, "shared-after-close");
        try (var consumer = readCommittedConsumer(again, partition)) {
            assertThat(readCommitted(consumer, partition, 0)).isEmpty();
        }
        assertThat(again).isSameAs(TestEngines.sharedKafka());
    }

    @Test
    void shouldHandOutOneSharedPostgresThatAClosingTestCannotStop() throws SQLException {
        try (var postgres = TestEngines.sharedPostgres()) {
            assertThat(queryStrings(postgres, "SELECT 1")).containsExactly("1");
        }

        var again = TestEngines.sharedPostgres();
        assertThat(queryStrings(again, "SELECT current_database()")).containsExactly("llmq");
        assertThat(again).isSameAs(TestEngines.sharedPostgres());
    }
}
