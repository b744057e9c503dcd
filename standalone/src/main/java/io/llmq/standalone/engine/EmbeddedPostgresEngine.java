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
 * <p>Durability: zonky starts PostgreSQL with {@code fsync=off} and {@code synchronous_commit=off}.
 * {@code fsync} is the caller's choice here (off is faster and only loses data when the machine
 * crashes). {@code synchronous_commit} is always on: with it off a commit is acknowledged before
 * its WAL is even written to the OS, so killing the server process loses acknowledged commits,
 * which would make every kill test flaky.
 */
public final class EmbeddedPostgresEngine implements PostgresEngine {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresEngine.class);

    private final Path home;
    private final boolean ownsHome;
    private final boolean fsync;
    private final int port;
    private final Thread shutdownHook;
    /** Written under the lock; read without it by the shutdown hook, which must never block on a start. */
    private volatile EmbeddedPostgres server;
    private boolean closed;

    private EmbeddedPostgresEngine(Path home, boolean ownsHome, boolean fsync) {
        this.home = home;
        this.ownsHome = ownsHome;
        this.fsync = fsync;
        this.port = FreePorts.pick(1).get(0);
        this.shutdownHook = new Thread(this::onJvmExit, "llmq-postgres-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server keeping its data under {@code dataDir}, or in a temporary directory (deleted on
     * close) when null. A directory from an earlier run is reused as it is.
     */
    public static EmbeddedPostgresEngine start(Path dataDir, boolean fsync) {
        var engine = new EmbeddedPostgresEngine(Directories.createOrTemp(dataDir, "llmq-postgres-"), dataDir == null, fsync);
        try {
            engine.start();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + LlmqDatabase.NAME;
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
        return home;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the server on the same port and data directory; does nothing if it is running. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this EmbeddedPostgresEngine is closed");
        }
        if (server != null) {
            return;
        }
        long began = System.nanoTime();
        var started = launch();
        server = started;
        try (var connection = started.getPostgresDatabase().getConnection()) {
            LlmqDatabase.ensure(connection);
        } catch (SQLException e) {
            stop();
            throw new EngineStartException("cannot create the llmq database on port " + port, e);
        }
        log.info("PostgreSQL ready at {} in {} ms (fsync {}), data in {}", jdbcUrl(),
                Duration.ofNanos(System.nanoTime() - began).toMillis(), fsync ? "on" : "off", home);
    }

    /** Shuts the server down ({@code pg_ctl stop -m fast}): open transactions roll back, committed data stays. */
    public synchronized void stop() {
        var running = server;
        if (running == null) {
            return;
        }
        server = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop PostgreSQL on port " + port, e);
        }
    }

    /**
     * Ends the server at once, like {@code kill -9}; the next {@link #start()} runs crash recovery.
     * Zonky then logs an error because its own {@code pg_ctl stop} finds no server, which is expected.
     */
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        Postmaster.kill(pgData(), KILL_TIMEOUT);
        stop();
    }

    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmExiting) {
            // the hook is running or about to; it does the same cleanup
        }
        if (ownsHome) {
            Directories.deleteRecursively(home);
        }
    }

    private EmbeddedPostgres launch() {
        var pgLog = home.resolve("postgres.log").toFile();
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(pgData())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("fsync", fsync ? "on" : "off")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(pgLog))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(pgLog))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new EngineStartException("PostgreSQL did not start on port " + port + " with data in "
                    + pgData() + "\n" + LogTail.of(pgLog.toPath(), 40), e);
        }
    }

    /** PostgreSQL's own directory; it lives below {@code home} because initdb wants an empty one. */
    private Path pgData() {
        return home.resolve("pgdata");
    }

    private void onJvmExit() {
        var running = server;
        if (running != null) {
            try {
                running.close();
            } catch (IOException | RuntimeException e) {
                log.warn("could not stop PostgreSQL on port {} at JVM exit", port, e);
            }
        }
        if (ownsHome) {
            Directories.deleteRecursively(home);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresEngine[" + jdbcUrl() + ", " + home + "]";
    }
}
