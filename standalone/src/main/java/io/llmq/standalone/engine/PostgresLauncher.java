package io.llmq.standalone.engine;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts zonky's PostgreSQL on a kept data directory: initdb on the first start only, the server
 * output appended to {@code postgres.log} next to the data directory.
 *
 * <p>Zonky passes {@code -F} (fsync off) and {@code synchronous_commit=off} by default; both are
 * overridden here. {@code fsync} follows the caller: off only loses data when the machine crashes.
 * {@code synchronous_commit} is always on: with it off a commit is acknowledged before its WAL is
 * written to the OS at all, so killing the server process loses acknowledged commits, which would
 * break every chaos test that kills PostgreSQL.
 */
record PostgresLauncher(Path home, int port, boolean fsync) {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    /** PostgreSQL's own directory; it lives below {@code home} because initdb wants an empty one. */
    Path pgData() {
        return home.resolve("pgdata");
    }

    Path log() {
        return home.resolve("postgres.log");
    }

    EmbeddedPostgres launch() {
        var redirect = ProcessBuilder.Redirect.appendTo(log().toFile());
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
                    .setOutputRedirector(redirect)
                    .setErrorRedirector(redirect)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new EngineStartException("PostgreSQL did not start on port " + port + " with data in "
                    + pgData() + "\n" + LogTail.of(log(), 40), e);
        }
    }
}
