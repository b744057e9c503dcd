package io.llmq.standalone.engine;

/**
 * A PostgreSQL server holding llmq's database. The standalone mode runs an
 * {@link EmbeddedPostgresEngine}; tests may run a container instead.
 */
public interface PostgresEngine extends AutoCloseable {

    /** A JDBC URL naming llmq's database, without credentials. */
    String jdbcUrl();

    String user();

    String password();

    /** Stops the server and releases what it owns; calling it twice does nothing. */
    @Override
    void close();
}
