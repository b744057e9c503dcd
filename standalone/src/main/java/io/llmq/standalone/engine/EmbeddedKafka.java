package io.llmq.standalone.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-node Kafka cluster (KRaft, broker and controller in one process) in a child JVM.
 *
 * <p>Why a child JVM rather than the broker's classes in this one: the broker's heap, GC pauses
 * and threads stay apart from the service under test, and the broker can be killed like
 * {@code kill -9} and restarted, which chaos tests need and an in-process broker cannot offer.
 *
 * <p>Ports are chosen at first start and kept, and so is the data directory, so after
 * {@link #kill()} and {@link #start()} the same {@link #bootstrapServers()} works and existing
 * clients reconnect by themselves. A shutdown hook ends the child when this JVM exits; the child
 * also exits if this JVM dies without running hooks (see {@link KafkaBrokerMain}).
 */
public final class EmbeddedKafka implements KafkaEngine {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HOOK_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-Djava.awt.headless=true");
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaBrokerFiles files;
    private final KafkaBrokerConfig config;
    private final boolean ownsHome;
    private final Duration startTimeout;
    private final Thread shutdownHook;
    /** Written under the lock; read without it by the shutdown hook, which must never block on a start. */
    private volatile Process broker;
    private boolean closed;

    private EmbeddedKafka(Path home, boolean ownsHome, Duration startTimeout) {
        var ports = FreePorts.pick(2);
        this.files = new KafkaBrokerFiles(home);
        this.config = new KafkaBrokerConfig(ports.get(0), ports.get(1), files.logDir());
        this.ownsHome = ownsHome;
        this.startTimeout = startTimeout;
        this.shutdownHook = new Thread(this::onJvmExit, "llmq-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker keeping its data in {@code dataDir}, or in a temporary directory (deleted on close) when null. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, DEFAULT_START_TIMEOUT);
    }

    public static EmbeddedKafka start(Path dataDir, Duration startTimeout) {
        var kafka = new EmbeddedKafka(Directories.createOrTemp(dataDir, "llmq-kafka-"), dataDir == null, startTimeout);
        kafka.files.rotateLog();
        try {
            kafka.start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    @Override
    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public Path dataDir() {
        return files.home();
    }

    public synchronized boolean isRunning() {
        return broker != null && broker.isAlive();
    }

    /** Starts the broker on the same ports and data directory; does nothing if it is running. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this EmbeddedKafka is closed");
        }
        if (isRunning()) {
            return;
        }
        long began = System.nanoTime();
        files.write(config);
        var args = List.of(Long.toString(ProcessHandle.current().pid()), files.serverProperties().toString());
        var options = new ArrayList<>(JVM_OPTIONS);
        options.add("-Dlogback.configurationFile=" + files.logbackConfig());
        var process = ChildJvm.launch(KafkaBrokerMain.class, options, args, files.log());
        broker = process;
        try {
            new KafkaReadiness(process, config, files.log(), startTimeout).await();
        } catch (RuntimeException e) {
            Processes.kill(process.toHandle(), STOP_TIMEOUT);
            broker = null;
            throw e;
        }
        log.info("Kafka broker (pid {}) ready at {} in {} ms, data in {}", process.pid(), bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - began).toMillis(), files.home());
    }

    /** Shuts the broker down gracefully (SIGTERM), killing it if it takes longer than 30 s. */
    public synchronized void stop() {
        var process = broker;
        if (process == null) {
            return;
        }
        if (!Processes.terminate(process.toHandle(), STOP_TIMEOUT)) {
            log.warn("Kafka broker (pid {}) ignored SIGTERM for {}; killed it", process.pid(), STOP_TIMEOUT);
        }
        broker = null;
    }

    /** Ends the broker at once, like {@code kill -9}: no controlled shutdown, logs recovered on next start. */
    public synchronized void kill() {
        var process = broker;
        if (process == null) {
            return;
        }
        Processes.kill(process.toHandle(), STOP_TIMEOUT);
        broker = null;
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
        removeShutdownHook();
        if (ownsHome) {
            Directories.deleteRecursively(files.home());
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmExiting) {
            // the hook is running or about to; it does the same cleanup
        }
    }

    private void onJvmExit() {
        var process = broker;
        if (process != null) {
            Processes.terminate(process.toHandle(), HOOK_TIMEOUT);
        }
        if (ownsHome) {
            Directories.deleteRecursively(files.home());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + files.home() + "]";
    }
}
