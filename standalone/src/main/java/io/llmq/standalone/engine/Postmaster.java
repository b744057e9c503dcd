package io.llmq.standalone.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The running PostgreSQL server of a data directory, found through the pid that the postmaster
 * writes on the first line of {@code postmaster.pid}.
 */
final class Postmaster {

    private Postmaster() {
    }

    static Optional<ProcessHandle> of(Path pgData) {
        var pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::strip).map(Long::parseLong).flatMap(ProcessHandle::of);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
    }

    /**
     * Kills the postmaster and its backends like {@code kill -9}. The backends go too: a new
     * postmaster refuses to start while an orphaned backend still holds the old shared memory.
     * The postmaster dies first, so it cannot start crash recovery when it sees a backend die.
     */
    static void kill(Path pgData, Duration timeout) {
        of(pgData).ifPresent(postmaster -> {
            var all = new ArrayList<ProcessHandle>();
            all.add(postmaster);
            all.addAll(postmaster.descendants().toList());
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(process -> Processes.kill(process, timeout));
        });
    }
}
