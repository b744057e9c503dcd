package io.llmq.standalone.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;

/** Creating an engine's home directory, and removing it when the engine made it for itself. */
final class Directories {

    private Directories() {
    }

    /** The given directory (created if missing), or a fresh temporary one when {@code dir} is null. */
    static Path createOrTemp(Path dir, String tempPrefix) {
        try {
            return dir == null ? Files.createTempDirectory(tempPrefix) : Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + (dir == null ? tempPrefix + "*" : dir), e);
        }
    }

    /** Deletes {@code dir} and everything in it; files that vanish meanwhile are fine. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (NoSuchFileException ignored) {
                    // removed concurrently, which is what we wanted
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot delete " + dir, e);
        }
    }
}
