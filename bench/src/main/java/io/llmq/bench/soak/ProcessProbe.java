package io.llmq.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads one JVM's figures from the outside: first a full collection ({@code jcmd <pid> GC.run}),
 * so that its heap in use is the heap after GC and not a point on the sawtooth; then its
 * {@code /metrics}; then its open descriptors from {@code /proc/<pid>/fd} (llmq binds no
 * file-descriptor meter, and {@code /proc} counts sockets too).
 */
final class ProcessProbe {
    static final String[] FAMILIES = {"jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes", "jvm_threads_live_threads",
        "hikaricp_connections_active"};
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private final String name;
    private final long pid;
    private final Supplier<Optional<String>> metrics;

    /** @param metrics the process's Prometheus text, at least {@link #FAMILIES}; empty if it did not answer */
    ProcessProbe(String name, long pid, Supplier<Optional<String>> metrics) {
        this.name = name;
        this.pid = pid;
        this.metrics = metrics;
    }

    String name() {
        return name;
    }

    ProcessSample sample(long seconds) throws InterruptedException {
        fullCollection();
        var text = metrics.get().orElse("");
        var fds = Path.of("/proc", Long.toString(pid), "fd");
        return new ProcessSample(seconds, PromText.sum(text, "jvm_memory_used_bytes", "area=\"heap\""),
                PromText.sum(text, "jvm_gc_live_data_size_bytes", ""), PromText.sum(text, "jvm_threads_live_threads", ""),
                descriptors(fds, false), descriptors(fds, true), PromText.sum(text, "hikaricp_connections_active", ""));
    }

    private void fullCollection() throws InterruptedException {
        if (!Files.isExecutable(JCMD)) {
            return;
        }
        try {
            var jcmd = new ProcessBuilder(JCMD.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (IOException e) {
            // no collection: the heap figure is then whatever the heap holds, and the sample still counts
        }
    }

    /** Entries of {@code /proc/<pid>/fd} (only the sockets if asked); -1 where there is no {@code /proc}. */
    private static long descriptors(Path fds, boolean socketsOnly) {
        try (var entries = Files.list(fds)) {
            return entries.filter(fd -> !socketsOnly || isSocket(fd)).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
            // closed between the listing and the look
            return false;
        }
    }
}
