package io.llmq.bench.rig;

import io.llmq.bench.report.Progress;
import io.llmq.schema.topic.TopicLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rig's N worker processes: launched together, ready once each answers {@code /health} and
 * their consumer group has settled, stopped together. A shutdown hook kills them if the bench JVM
 * exits without closing the rig (Ctrl-C), so no worker outlives its engines.
 */
final class WorkerFleet implements AutoCloseable {
    static final String GROUP = "llmq-workers";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final List<WorkerProcess> workers = new ArrayList<>();
    private final Thread killOnExit = new Thread(this::kill, "bench-kill-workers");
    private final RigConfig config;
    private final Map<String, String> env = new HashMap<>();

    private WorkerFleet(RigConfig config) {
        this.config = config;
    }

    /** @param services the settings every service reads (engines, catalogue), on top of the bench's environment */
    static WorkerFleet start(RigConfig config, Map<String, String> services, String kafkaBootstrap, TopicLayout topics,
                             Progress progress) throws IOException, InterruptedException {
        var fleet = new WorkerFleet(config);
        try {
            fleet.launch(config, services, progress);
            fleet.awaitReady(kafkaBootstrap, topics, progress);
            return fleet;
        } catch (IOException | InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private void launch(RigConfig config, Map<String, String> services, Progress progress) throws IOException {
        Files.createDirectories(config.logsDir());
        env.putAll(services);
        env.put("LLMQ_WORKER_GROUP", GROUP);
        // A bench ends with a backlog on purpose; a worker need not spend the default 30 s draining it.
        env.putIfAbsent("LLMQ_WORKER_DRAIN_TIMEOUT_MS", "5000");
        env.putAll(config.workerSettings());
        Runtime.getRuntime().addShutdownHook(killOnExit);
        for (int i = 1; i <= config.workers(); i++) {
            launchOne("bench-w" + i);
        }
        progress.line("launched " + workers.size() + " worker JVMs (" + String.join(" ", config.workerJavaOptions())
                + "), logs in " + config.logsDir());
    }

    private void awaitReady(String kafkaBootstrap, TopicLayout topics, Progress progress) throws InterruptedException {
        var healthy = progress.await(() -> {
            requireAlive();
            return workers.stream().allMatch(WorkerProcess::healthy);
        }, START_TIMEOUT, () -> "waiting for the workers' /health");
        if (!healthy) {
            throw new IllegalStateException("workers not healthy within " + START_TIMEOUT + ": " + workers);
        }
        try (var group = new GroupReadiness(kafkaBootstrap, GROUP, topics.jobsTopic(), topics.jobsPartitions())) {
            var lacking = new AtomicReference<>(Optional.of("not described yet"));
            var settled = progress.await(() -> {
                requireAlive();
                try {
                    lacking.set(group.unsettled(workers.size()));
                } catch (InterruptedException e) {
                    // the flag makes the wait's next pause throw, which ends the start-up
                    Thread.currentThread().interrupt();
                    return false;
                }
                return lacking.get().isEmpty();
            }, START_TIMEOUT, () -> "waiting for the consumer group: " + lacking.get().orElse("settled"));
            if (!settled) {
                throw new IllegalStateException("consumer group did not settle within " + START_TIMEOUT + ": "
                        + lacking.get().orElse("?"));
            }
        }
    }

    private void requireAlive() {
        for (var worker : workers()) {
            if (!worker.isAlive()) {
                throw new IllegalStateException("worker " + worker + " exited during start-up; see its log");
            }
        }
    }

    /** Starts one more worker JVM (a scale-out, or a replacement for a killed one) and returns at once. */
    synchronized WorkerProcess launchOne(String name) {
        var worker = WorkerProcess.launch(name, config.workerJavaOptions(), env,
                config.logsDir().resolve(config.runId() + "-" + name + ".log"));
        workers.add(worker);
        return worker;
    }

    synchronized List<WorkerProcess> workers() {
        return List.copyOf(workers);
    }

    /** SIGTERM to all at once, then each gets until a common deadline before SIGKILL. */
    @Override
    public void close() {
        var all = workers();
        all.forEach(WorkerProcess::terminate);
        var deadline = System.nanoTime() + STOP_GRACE.toNanos();
        all.forEach(w -> w.awaitExit(deadline));
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook does the same
        }
    }

    private void kill() {
        workers().forEach(WorkerProcess::killNow);
    }
}
