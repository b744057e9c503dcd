package io.llmq.standalone.engine;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.llmq.standalone.engine.KafkaTestClients.createTopic;
import static io.llmq.standalone.engine.KafkaTestClients.readCommitted;
import static io.llmq.standalone.engine.KafkaTestClients.readCommittedConsumer;
import static io.llmq.standalone.engine.KafkaTestClients.sendInTransaction;
import static io.llmq.standalone.engine.KafkaTestClients.transactionalProducer;
import static io.llmq.standalone.engine.KafkaTestClients.values;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded broker with a data directory the caller owns, as {@code LLMQ_DATA_DIR} gives it. */
@Timeout(value = 3, unit = MINUTES)
class EmbeddedKafkaDataDirTest {

    @Test
    void shouldReopenAKeptDataDirectoryInANewBrokerOnOtherPorts(@TempDir Path dataDir) {
        try (var first = EmbeddedKafka.start(dataDir)) {
            var partition = createTopic(first, "kept");
            try (var producer = transactionalProducer(first, "tx-kept")) {
                sendInTransaction(producer, partition, values("kept-", 20), true);
            }
        }
        assertThat(dataDir.resolve("kafka-logs")).isDirectory();

        var partition = new TopicPartition("kept", 0);
        try (var second = EmbeddedKafka.start(dataDir);
             var consumer = readCommittedConsumer(second, partition)) {
            assertThat(readCommitted(consumer, partition, 20)).containsExactlyElementsOf(values("kept-", 20));
        }
    }

    @Test
    void shouldFailFastWithTheBrokerLogWhenTheDataDirectoryBelongsToAnotherNode(@TempDir Path dataDir)
            throws IOException {
        var logDir = Files.createDirectories(dataDir.resolve("kafka-logs"));
        Files.writeString(logDir.resolve("meta.properties"), """
                cluster.id=MkU3OEVBNTcwNTJENDM2Qk
                directory.id=i6QYr3aEFGj4YZnDVyNvVA
                node.id=2
                version=1
                """);
        long began = System.nanoTime();

        assertThatThrownBy(() -> EmbeddedKafka.startWith(EmbeddedKafkaSettings.defaults(dataDir).withStartTimeout(Duration.ofSeconds(60))))
                .isInstanceOf(EngineStartException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("last lines of");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
    }
}
