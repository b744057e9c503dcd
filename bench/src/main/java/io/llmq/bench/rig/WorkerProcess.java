package io.llmq.bench.rig;

import io.llmq.schema.Ids;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One worker replica as its own JVM, {@code java -cp <the bench's class path> io.llmq.worker.WorkerMain},
 * configured by environment variables exactly as in a deployment. Its stdout and stderr go to a
 * log file; its {@code /health} and {@code /metrics} are on a loopback port of its own.
 */
public final class WorkerProcess {
    static final String MAIN_CLASS = "io.llmq.worker.WorkerMain";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String name;
    private final String instanceId;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private WorkerProcess(String name, String instanceId, int httpPort, Path log, Process process) {
        this.name = name;
        this.instanceId = instanceId;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the JVM and returns at once; {@link #healthy()} says when its consumer runs.
     *
     * @param env added to (and overriding) the bench's own environment, so that any other
     *            {@code LLMQ_*} worker setting exported for the bench reaches the workers too
     */
    static WorkerProcess launch(String name, List<String> javaOptions, Map<String, String> env, Path log) {
        var httpPort = FreePort.pick();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        // lz4-java loads its native library; without this every JDK 22+ worker log opens with a warning
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Dlogback.configurationFile=llmq-bench-worker-logback.xml");
        command.add("-cp");
        command.add(ClassPath.current());
        command.add(MAIN_CLASS);
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        builder.environment().put("LLMQ_WORKER_NAME", name);
        // known to the bench, so that calls a killed worker left unfinished can be told apart on the provider's bill
        var instanceId = name + "-" + Ids.random(8);
        builder.environment().put("LLMQ_WORKER_INSTANCE_ID", instanceId);
        builder.environment().put("LLMQ_WORKER_HTTP_PORT", Integer.toString(httpPort));
        try {
            return new WorkerProcess(name, instanceId, httpPort, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch worker " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /** The id this process start puts last in every provider call's attempt id. */
    public String instanceId() {
        return instanceId;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True once {@code /health} answers 200, which a worker does while its consumer thread runs. */
    public boolean healthy() {
        return get("/health").map(r -> r.statusCode() == 200).orElse(false);
    }

    /** The worker's Prometheus text, or empty if it does not answer (starting, stopping, busy). */
    public Optional<String> metrics() {
        return get("/metrics").filter(r -> r.statusCode() == 200).map(HttpResponse::body);
    }

    /** Only the named samples ({@code ?name[]=}): a full scrape costs a busy worker CPU. */
    public Optional<String> metrics(String... names) {
        var query = new StringBuilder();
        for (var name : names) {
            query.append(query.isEmpty() ? "?" : "&").append("name%5B%5D=").append(name);
        }
        return get("/metrics" + query).filter(r -> r.statusCode() == 200).map(HttpResponse::body);
    }

    private Optional<HttpResponse<String>> get(String path) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Asks it to stop: SIGTERM, on which a worker stops taking jobs, drains and commits. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for it to be gone after {@link #terminate()}; kills it if it is still there at {@code deadlineNanos}. */
    public void awaitExit(long deadlineNanos) {
        try {
            if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9}: no shutdown hook, no drain, no commit. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** For the bench JVM's shutdown hook: no waiting. */
    void killNow() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", metrics port " + httpPort + ", log " + log + ")";
    }
}
