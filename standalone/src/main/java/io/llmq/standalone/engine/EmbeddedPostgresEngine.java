package io.llmq.standalone.engine;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/**
 * PostgreSQL 17 from the zonky binaries, run as a server process on loopback, with a database
 * {@code llmq} owned by a role {@code llmq}.
 *
 * <p>The port is chosen at first start and kept, and the data directory is kept, so the server can
 * be stopped, killed and started again behind the same {@link #jdbcUrl()}; that is what chaos
 * tests and a persistent {@code LLMQ_DATA_DIR} need.
 *
 * <p>{@code fsync} is the caller's choice; {@code synchronous_commit} is always on, so that
 * killing the server never loses an acknowledged commit (see {@link PostgresLauncher}).
 */
public final class EmbeddedPostgresEngine extends EmbeddedEngine implements PostgresEngine {

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresEngine.class);

    private final PostgresLauncher launcher;
    /** Written under the lock; read without it by the shutdown hook, which must never block on a start. */
    private volatile EmbeddedPostgres server;

    private EmbeddedPostgresEngine(Path home, boolean ownsHome, boolean fsync) {
        super("postgres", home, ownsHome);
        this.launcher = new PostgresLauncher(home, FreePorts.pick(1).get(0), fsync);
    }

    /**
     * Starts a server keeping its data under {@code dataDir}, or in a temporary directory (deleted on
     * close) when null. A directory from an earlier run is reused as it is.
     */
    public static EmbeddedPostgresEngine start(Path dataDir, boolean fsync) {
        return openOrClose(new EmbeddedPostgresEngine(Directories.createOrTemp(dataDir, "llmq-postgres-"), dataDir == null, fsync),
                EmbeddedEngine::start);
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + launcher.port() + "/" + LlmqDatabase.NAME;
    }

    @Override
    public String user() {
        return LlmqDatabase.USER;
    }

    @Override
    public String password() {
        return LlmqDatabase.PASSWORD;
    }

    public Path dataDir() {
        return launcher.home();
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    void launch() {
        long began = System.nanoTime();
        var started = launcher.launch();
        server = started;
        try (var connection = started.getPostgresDatabase().getConnection()) {
            LlmqDatabase.ensure(connection);
        } catch (SQLException e) {
            stop();
            throw new EngineStartException("cannot create the llmq database at " + jdbcUrl(), e);
        }
        log.info("PostgreSQL ready at {} in {} ms (fsync {}), data in {}", jdbcUrl(),
                Duration.ofNanos(System.nanoTime() - began).toMillis(), launcher.fsync() ? "on" : "off", dataDir());
    }

    /** Shuts the server down ({@code pg_ctl stop -m fast}): open transactions roll back, committed data stays. */
    @Override
    public synchronized void stop() {
        var running = server;
        if (running == null) {
            return;
        }
        server = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop PostgreSQL at " + jdbcUrl(), e);
        }
    }

    /**
     * Ends the server at once, like {@code kill -9}; the next {@link #start()} runs crash recovery.
     * Zonky then logs an error because its own {@code pg_ctl stop} finds no server, which is expected.
     */
    @Override
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        Postmaster.kill(launcher.pgData(), KILL_TIMEOUT);
        stop();
    }

    @Override
    void endOnJvmExit() {
        var running = server;
        if (running != null) {
            try {
                running.close();
            } catch (IOException | RuntimeException e) {
                log.warn("could not stop PostgreSQL at {} on JVM exit", jdbcUrl(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresEngine[" + jdbcUrl() + ", " + dataDir() + "]";
    }
}
