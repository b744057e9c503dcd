package io.llmq.standalone.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;

import static io.llmq.standalone.engine.PostgresTestSql.connect;
import static io.llmq.standalone.engine.PostgresTestSql.execute;
import static io.llmq.standalone.engine.PostgresTestSql.queryStrings;
import static io.llmq.standalone.engine.PostgresTestSql.show;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Embedded PostgreSQL: llmq's database, durability settings, and surviving restarts and kill -9. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = MINUTES)
class EmbeddedPostgresEngineTest {

    private EmbeddedPostgresEngine postgres;

    @BeforeAll
    void startServer() {
        postgres = EmbeddedPostgresEngine.start(null, true);
    }

    @AfterAll
    void closeServer() {
        postgres.close();
        assertThat(postgres.dataDir()).as("temporary data directory").doesNotExist();
        assertThatThrownBy(postgres::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("this EmbeddedPostgresEngine is closed");
    }

    @Test
    void shouldConnectAsTheLlmqRoleToTheLlmqDatabase() throws SQLException {
        assertThat(queryStrings(postgres, "SELECT current_user || '@' || current_database()"))
                .containsExactly("llmq@llmq");
    }

    @Test
    void shouldFsyncAndCommitSynchronouslyWhenAskedForDurability() throws SQLException {
        assertThat(show(postgres, "fsync")).isEqualTo("on");
        assertThat(show(postgres, "synchronous_commit")).isEqualTo("on");
    }

    @Test
    void shouldKeepCommittedRowsAcrossARestart() throws SQLException {
        var url = postgres.jdbcUrl();
        execute(postgres, "CREATE TABLE restarted (id int)", "INSERT INTO restarted VALUES (1), (2)");

        postgres.restart();

        assertThat(postgres.jdbcUrl()).isEqualTo(url);
        assertThat(queryStrings(postgres, "SELECT id FROM restarted ORDER BY id")).containsExactly("1", "2");
    }

    @Test
    void shouldKeepCommittedRowsWhenKilledAndStartedAgain() throws SQLException {
        execute(postgres, "CREATE TABLE killed (id int)", "INSERT INTO killed VALUES (7)");

        postgres.kill();
        assertThatThrownBy(() -> connect(postgres)).isInstanceOf(SQLException.class);
        postgres.start();

        assertThat(queryStrings(postgres, "SELECT id FROM killed")).containsExactly("7");
    }

    @Test
    void shouldRunWithoutFsyncAndReopenAKeptDataDirectoryInANewServer(@TempDir Path dataDir) throws SQLException {
        try (var fast = EmbeddedPostgresEngine.start(dataDir, false)) {
            assertThat(show(fast, "fsync")).isEqualTo("off");
            execute(fast, "CREATE TABLE kept (name text)", "INSERT INTO kept VALUES ('survives')");
        }
        assertThat(dataDir.resolve("pgdata")).isDirectory();

        try (var durable = EmbeddedPostgresEngine.start(dataDir, true)) {
            assertThat(show(durable, "fsync")).isEqualTo("on");
            assertThat(queryStrings(durable, "SELECT name FROM kept")).containsExactly("survives");
        }
    }
}
