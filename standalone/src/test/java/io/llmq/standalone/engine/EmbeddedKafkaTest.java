package io.llmq.standalone.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import static io.llmq.standalone.engine.KafkaTestClients.createTopic;
import static io.llmq.standalone.engine.KafkaTestClients.readCommitted;
import static io.llmq.standalone.engine.KafkaTestClients.readCommittedConsumer;
import static io.llmq.standalone.engine.KafkaTestClients.sendInTransaction;
import static io.llmq.standalone.engine.KafkaTestClients.transactionalProducer;
import static io.llmq.standalone.engine.KafkaTestClients.values;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

/** The embedded broker on its own: transactions on one node, and surviving kill -9 and restarts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = MINUTES)
class EmbeddedKafkaTest {

    private EmbeddedKafka kafka;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.start(null);
    }

    @AfterAll
    void closeBroker() {
        kafka.close();
        assertThat(kafka.dataDir()).as("temporary data directory").doesNotExist();
    }

    @Test
    void shouldDeliverExactlyTheThousandRecordsOfACommittedTransactionToAReadCommittedConsumer() {
        var partition = createTopic(kafka, "committed");
        var sent = values("committed-", 1_000);
        try (var producer = transactionalProducer(kafka, "tx-committed")) {
            sendInTransaction(producer, partition, sent, true);
        }

        try (var consumer = readCommittedConsumer(kafka, partition)) {
            assertThat(readCommitted(consumer, partition, 1_000)).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void shouldHideTheRecordsOfAnAbortedTransactionFromAReadCommittedConsumer() {
        var partition = createTopic(kafka, "aborted");
        try (var producer = transactionalProducer(kafka, "tx-aborted")) {
            sendInTransaction(producer, partition, values("aborted-", 10), false);
            sendInTransaction(producer, partition, values("kept-", 5), true);
        }

        try (var consumer = readCommittedConsumer(kafka, partition)) {
            assertThat(readCommitted(consumer, partition, 5)).containsExactlyElementsOf(values("kept-", 5));
        }
    }

    @Test
    void shouldKeepCommittedRecordsAndLetClientsReconnectWhenKilledAndStartedAgain() {
        var partition = createTopic(kafka, "killed");
        var address = kafka.bootstrapServers();
        try (var producer = transactionalProducer(kafka, "tx-killed");
             var consumer = readCommittedConsumer(kafka, partition)) {
            sendInTransaction(producer, partition, values("before-", 100), true);
            assertThat(readCommitted(consumer, partition, 100)).containsExactlyElementsOf(values("before-", 100));

            kafka.kill();
            assertThat(kafka.isRunning()).isFalse();
            kafka.start();

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            sendInTransaction(producer, partition, values("after-", 100), true);
            assertThat(readCommitted(consumer, partition, 100)).containsExactlyElementsOf(values("after-", 100));
        }
        try (var fresh = readCommittedConsumer(kafka, partition)) {
            assertThat(readCommitted(fresh, partition, 200)).hasSize(200).startsWith("before-0").endsWith("after-99");
        }
    }

    @Test
    void shouldKeepCommittedRecordsAcrossAGracefulRestart() {
        var partition = createTopic(kafka, "restarted");
        try (var producer = transactionalProducer(kafka, "tx-restarted")) {
            sendInTransaction(producer, partition, values("restarted-", 50), true);
        }

        kafka.restart();

        try (var consumer = readCommittedConsumer(kafka, partition)) {
            assertThat(readCommitted(consumer, partition, 50)).containsExactlyElementsOf(values("restarted-", 50));
        }
    }
}
