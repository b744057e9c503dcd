package io.llmq.schema.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Connection pools and the schema migration both services run at start-up. */
public final class Database {

    private Database() {
    }

    /**
     * A pool for {@code jdbcUrl}. {@code reWriteBatchedInserts} turns JDBC batches into multi-row
     * INSERTs, which is what lets the worker write thousands of outcomes per second.
     */
    public static HikariDataSource pool(String name, String jdbcUrl, String user, String password, int size) {
        var config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setConnectionTimeout(30_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    /**
     * Brings the schema to the newest version. Safe to call from every replica at once: Flyway
     * serialises concurrent migrations with a Postgres advisory lock.
     */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
