package io.llmq.standalone.engine;

import org.testcontainers.containers.PostgreSQLContainer;

/** PostgreSQL 17 in a Docker container, with the same database, role and password as the embedded one. */
final class ContainerPostgres implements PostgresEngine {

    static final String IMAGE = "postgres:17";

    private final PostgreSQLContainer<?> container;

    private ContainerPostgres(PostgreSQLContainer<?> container) {
        this.container = container;
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerPostgres start() {
        var container = new PostgreSQLContainer<>(IMAGE)
                .withDatabaseName(LlmqDatabase.NAME)
                .withUsername(LlmqDatabase.USER)
                .withPassword(LlmqDatabase.PASSWORD)
                .withCommand("postgres", "-c", "fsync=off");
        container.start();
        return new ContainerPostgres(container);
    }

    @Override
    public String jdbcUrl() {
        return container.getJdbcUrl();
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }
}
