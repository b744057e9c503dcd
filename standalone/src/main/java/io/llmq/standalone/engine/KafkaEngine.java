package io.llmq.standalone.engine;

/**
 * A Kafka broker that llmq's clients can reach. The standalone mode runs an {@link EmbeddedKafka};
 * tests may run a container instead. Either way a caller only needs the bootstrap address.
 */
public interface KafkaEngine extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients, for example {@code 127.0.0.1:40123}. */
    String bootstrapServers();

    /** Stops the broker and releases what it owns; calling it twice does nothing. */
    @Override
    void close();
}
