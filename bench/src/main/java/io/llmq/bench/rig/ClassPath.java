package io.llmq.bench.rig;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The class path a worker process runs on: this JVM's own, which holds the worker's classes. Under
 * surefire the real class path hides behind a manifest-only jar and is read from
 * {@code surefire.test.class.path}. Entries become absolute, so the child does not depend on the
 * working directory; the launcher's {@code lib/*} is already expanded in {@code java.class.path}.
 */
final class ClassPath {

    private ClassPath() {
    }

    static String current() {
        var surefire = System.getProperty("surefire.test.class.path");
        var path = surefire == null || surefire.isBlank() ? System.getProperty("java.class.path") : surefire;
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
