package io.llmq.standalone.engine;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** Kafka clients as the engine tests use them: one-partition topics, transactional producers, read_committed consumers. */
final class KafkaTestClients {

    private KafkaTestClients() {
    }

    /**
     * Creates a one-partition topic and waits until its partition answers listOffsets, because an
     * idempotent producer that sends earlier can lose records (KAFKA-15591).
     */
    static TopicPartition createTopic(KafkaEngine kafka, String name) {
        var partition = new TopicPartition(name, 0);
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get() != null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        return partition;
    }

    static KafkaProducer<String, String> transactionalProducer(KafkaEngine kafka, String transactionalId) {
        var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    /** Sends {@code values} in one transaction, then commits or aborts it. */
    static void sendInTransaction(KafkaProducer<String, String> producer, TopicPartition partition,
                                  List<String> values, boolean commit) {
        producer.beginTransaction();
        values.forEach(value -> producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, value)));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    /** A read_committed consumer assigned to {@code partition} from its beginning, without a group. */
    static KafkaConsumer<String, String> readCommittedConsumer(KafkaEngine kafka, TopicPartition partition) {
        var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    /**
     * Reads the next {@code expected} committed values, then keeps reading until the consumer has
     * passed the partition's last stable offset, so that any extra record would show up too. The end
     * is asked again on every poll: {@code commitTransaction()} returns before the broker has
     * written the commit marker, so an end offset taken right after it can still be too low.
     */
    static List<String> readCommitted(KafkaConsumer<String, String> consumer, TopicPartition partition, int expected) {
        var values = new ArrayList<String>();
        await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            return values.size() >= expected && consumer.position(partition) >= endOffset(consumer, partition);
        });
        return values;
    }

    private static long endOffset(KafkaConsumer<String, String> consumer, TopicPartition partition) {
        return consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
    }
}
