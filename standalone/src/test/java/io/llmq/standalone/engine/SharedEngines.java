package io.llmq.standalone.engine;

/**
 * One Kafka and one PostgreSQL per test JVM, each started by the first test that asks (lazy holder
 * classes, so it is thread-safe without locks) and stopped by a shutdown hook.
 */
final class SharedEngines {

    private SharedEngines() {
    }

    static final class KafkaHolder {
        static final KafkaEngine KAFKA = share(TestEngines.kafka());

        private static KafkaEngine share(KafkaEngine engine) {
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "llmq-shared-kafka-close"));
            return new Shared(engine);
        }

        /** Hands out the engine with a {@code close()} that leaves it running for other test classes. */
        private record Shared(KafkaEngine engine) implements KafkaEngine {
            @Override
            public String bootstrapServers() {
                return engine.bootstrapServers();
            }

            @Override
            public void close() {
                // owned by the shutdown hook
            }
        }
    }

    static final class PostgresHolder {
        static final PostgresEngine POSTGRES = share(TestEngines.postgres());

        private static PostgresEngine share(PostgresEngine engine) {
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "llmq-shared-postgres-close"));
            return new Shared(engine);
        }

        private record Shared(PostgresEngine engine) implements PostgresEngine {
            @Override
            public String jdbcUrl() {
                return engine.jdbcUrl();
            }

            @Override
            public String user() {
                return engine.user();
            }

            @Override
            public String password() {
                return engine.password();
            }

            @Override
            public void close() {
                // owned by the shutdown hook
            }
        }
    }
}
