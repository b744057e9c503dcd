package io.llmq.standalone.engine;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Launches a Java main class in a child JVM that runs on this JVM's java binary and class path,
 * with stdout and stderr appended to a log file so the child never writes to our console.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process launch(Class<?> mainClass, List<String> jvmOptions, List<String> args, Path log) {
        var command = new ArrayList<String>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(args);
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + mainClass.getName() + " in a child JVM", e);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Surefire hides the test class path behind a manifest-only jar, so it is read from
     * {@code surefire.test.class.path} when present. Entries become absolute so the child does not
     * depend on the working directory; a launcher wildcard ({@code lib/*}) is already expanded in
     * {@code java.class.path}.
     */
    static String classPath() {
        var surefire = System.getProperty("surefire.test.class.path");
        var path = surefire == null || surefire.isBlank() ? System.getProperty("java.class.path") : surefire;
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String nullDevice() {
        return File.separatorChar == '\\' ? "NUL" : "/dev/null";
    }
}
