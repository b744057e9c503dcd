package io.llmq.standalone.engine;

import org.apache.kafka.common.Uuid;
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
public final class EmbeddedKafka extends EmbeddedEngine implements KafkaEngine {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HOOK_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaBrokerFiles files;
    private final KafkaBrokerConfig config;
    private final EmbeddedKafkaSettings settings;
    /** Formats a new log directory; ignored once it is formatted (see {@link KafkaBrokerMain}). */
    private final String clusterId;
    /** Written under the lock; read without it by the shutdown hook, which must never block on a start. */
    private volatile Process broker;

    private EmbeddedKafka(Path home, EmbeddedKafkaSettings settings) {
        this(home, settings.dataDir() == null, singleNodeConfig(home), Uuid.randomUuid().toString(), settings);
    }

    private EmbeddedKafka(Path home, boolean ownsHome, KafkaBrokerConfig config, String clusterId,
                          EmbeddedKafkaSettings settings) {
        super("kafka-" + config.nodeId(), home, ownsHome);
        this.files = new KafkaBrokerFiles(home);
        this.config = config;
        this.clusterId = clusterId;
        this.settings = settings;
    }

    private static KafkaBrokerConfig singleNodeConfig(Path home) {
        var ports = FreePorts.pick(2);
        return KafkaBrokerConfig.singleNode(ports.get(0), ports.get(1), new KafkaBrokerFiles(home).logDir());
    }

    /**
     * One node of an {@link EmbeddedKafkaCluster}, not started: its home belongs to the cluster,
     * which deletes it.
     */
    static EmbeddedKafka clusterNode(Path home, KafkaBrokerConfig config, String clusterId, EmbeddedKafkaSettings settings) {
        var node = new EmbeddedKafka(home, false, config, clusterId, settings);
        node.files.rotateLog();
        return node;
    }

    /** Where a node living in {@code home} keeps its partition logs, for its configuration. */
    static Path logDirIn(Path home) {
        return new KafkaBrokerFiles(home).logDir();
    }

    /** Starts a broker keeping its data in {@code dataDir}, or in a temporary directory (deleted on close) when null. */
    public static EmbeddedKafka start(Path dataDir) {
        return startWith(EmbeddedKafkaSettings.defaults(dataDir));
    }

    /** Starts a broker as {@code settings} say; fails with the broker's log if it is not ready in time. */
    public static EmbeddedKafka startWith(EmbeddedKafkaSettings settings) {
        return openOrClose(new EmbeddedKafka(Directories.createOrTemp(settings.dataDir(), "llmq-kafka-"), settings), kafka -> {
            kafka.files.rotateLog();
            kafka.start();
        });
    }

    @Override
    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public Path dataDir() {
        return files.home();
    }

    /** The node id, 1 for a single-node cluster; the id describeCluster and partition metadata name. */
    public int nodeId() {
        return config.nodeId();
    }

    @Override
    public synchronized boolean isRunning() {
        return broker != null && broker.isAlive();
    }

    @Override
    void launch() {
        long began = System.nanoTime();
        var process = launchBroker();
        broker = process;
        try {
            new KafkaReadiness(process, config, files.log(), settings.startTimeout()).await();
        } catch (RuntimeException e) {
            Processes.kill(process.toHandle(), STOP_TIMEOUT);
            broker = null;
            throw e;
        }
        log.info("Kafka broker (pid {}) ready at {} in {} ms, data in {}", process.pid(), bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - began).toMillis(), files.home());
    }

    private Process launchBroker() {
        files.write(config);
        var options = new ArrayList<>(settings.jvmOptions());
        options.add("-Dlogback.configurationFile=" + files.logbackConfig());
        // pinned, so that a second SLF4J binding on the class path (say log4j2's) cannot take over
        options.add("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider");
        var args = List.of(Long.toString(ProcessHandle.current().pid()), files.serverProperties().toString(), clusterId);
        return ChildJvm.launch(KafkaBrokerMain.class, options, args, files.log());
    }

    /** Shuts the broker down gracefully (SIGTERM), killing it if it takes longer than 30 s. */
    @Override
    public void stop() {
        stop(STOP_TIMEOUT);
    }

    /** Shuts the broker down gracefully (SIGTERM), killing it if it takes longer than {@code grace}. */
    synchronized void stop(Duration grace) {
        var process = broker;
        if (process == null) {
            return;
        }
        if (!Processes.terminate(process.toHandle(), grace)) {
            log.warn("Kafka broker (pid {}) ignored SIGTERM for {}; killed it", process.pid(), grace);
        }
        broker = null;
    }

    /** Ends the broker at once, like {@code kill -9}: no controlled shutdown, logs recovered on next start. */
    @Override
    public synchronized void kill() {
        var process = broker;
        if (process == null) {
            return;
        }
        Processes.kill(process.toHandle(), STOP_TIMEOUT);
        broker = null;
    }

    @Override
    void endOnJvmExit() {
        var process = broker;
        if (process != null) {
            Processes.terminate(process.toHandle(), HOOK_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[node " + config.nodeId() + ", " + bootstrapServers() + ", " + files.home() + "]";
    }
}
