package io.llmq.standalone.engine;

import org.apache.kafka.common.Uuid;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A Kafka cluster of several nodes (KRaft), each an {@link EmbeddedKafka} in its own child JVM and
 * each both broker and controller ("combined" mode): with three nodes the controller quorum has
 * three voters and survives the loss of one, as the partitions do with replication factor 3 and
 * {@code min.insync.replicas} 2. Combined rather than separate controllers because three more JVMs
 * would double the memory and start-up of a test on a small machine, and the failure a chaos run
 * cares about, a node gone with its replicas, is the same.
 *
 * <p>Every node can be killed and started on its own ({@link #node(int)}); the cluster's
 * {@link #bootstrapServers()} lists every node, so a client reaches the cluster through whichever
 * nodes are alive. Ports and data directories are kept across restarts, like a single node's.
 */
public final class EmbeddedKafkaCluster extends EmbeddedEngine implements KafkaEngine {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final List<EmbeddedKafka> nodes;

    private EmbeddedKafkaCluster(Path home, int size, EmbeddedKafkaSettings settings) {
        super("kafka-cluster", home, settings.dataDir() == null);
        this.nodes = nodesIn(home, size, settings);
    }

    /**
     * Starts {@code size} nodes keeping their data under {@code settings.dataDir()} (one directory per
     * node), or in a temporary directory deleted on close when it is null.
     */
    public static EmbeddedKafkaCluster start(int size, EmbeddedKafkaSettings settings) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 node, was " + size);
        }
        var home = Directories.createOrTemp(settings.dataDir(), "llmq-kafka-cluster-");
        return openOrClose(new EmbeddedKafkaCluster(home, size, settings), EmbeddedKafkaCluster::start);
    }

    /** Internal topics get 3 replicas (fewer on a smaller cluster) and a min ISR one below that. */
    private static List<EmbeddedKafka> nodesIn(Path home, int size, EmbeddedKafkaSettings settings) {
        var ports = FreePorts.pick(2 * size);
        var voters = new ArrayList<String>();
        for (int id = 1; id <= size; id++) {
            voters.add(KafkaBrokerConfig.voter(id, ports.get(2 * id - 1)));
        }
        var replicas = Math.min(size, 3);
        var clusterId = Uuid.randomUuid().toString();
        var nodes = new ArrayList<EmbeddedKafka>();
        for (int id = 1; id <= size; id++) {
            var nodeHome = Directories.createOrTemp(home.resolve("node-" + id), "llmq-kafka-node-");
            var config = new KafkaBrokerConfig(id, ports.get(2 * id - 2), ports.get(2 * id - 1),
                    EmbeddedKafka.logDirIn(nodeHome), String.join(",", voters), replicas, Math.max(1, replicas - 1));
            nodes.add(EmbeddedKafka.clusterNode(nodeHome, config, clusterId, settings));
        }
        return List.copyOf(nodes);
    }

    /** Every node's address, so that clients find the cluster while any node is alive. */
    @Override
    public String bootstrapServers() {
        return nodes.stream().map(EmbeddedKafka::bootstrapServers).collect(Collectors.joining(","));
    }

    public List<EmbeddedKafka> nodes() {
        return nodes;
    }

    /** The node with this id (1 to the cluster's size). */
    public EmbeddedKafka node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("node id must be between 1 and " + nodes.size() + ", was " + nodeId);
        }
        return nodes.get(nodeId - 1);
    }

    public int size() {
        return nodes.size();
    }

    /** True when every node runs; a cluster with a node down still serves, but is not whole. */
    @Override
    public synchronized boolean isRunning() {
        return nodes.stream().allMatch(EmbeddedKafka::isRunning);
    }

    /**
     * Starts the nodes that are not running, all at once: a combined node is ready only when a
     * majority of the controllers runs, so starting them one after another would wait forever on the
     * first. If one fails to start, the others are killed and the first failure is thrown.
     */
    @Override
    void launch() {
        try {
            onEveryNode(node -> node.start(), nodes.stream().filter(node -> !node.isRunning()).toList());
        } catch (RuntimeException e) {
            nodes.forEach(EmbeddedKafka::kill);
            throw e;
        }
    }

    /**
     * Shuts every node down at once, killing those still up after 10 s: the nodes that are last to go
     * wait for a controller quorum that has gone (measured: 30 s, every time) and have nothing left
     * to hand over; their logs are recovered on the next start like after a kill.
     */
    @Override
    public synchronized void stop() {
        onEveryNode(node -> node.stop(STOP_GRACE), nodes);
    }

    /** Kills every node, like {@code kill -9} of the whole cluster. */
    @Override
    public synchronized void kill() {
        nodes.forEach(EmbeddedKafka::kill);
    }

    /** The nodes' own shutdown hooks go with the cluster; their directories are inside its home. */
    @Override
    void closeParts() {
        nodes.forEach(EmbeddedKafka::close);
    }

    @Override
    void endOnJvmExit() {
        nodes.forEach(EmbeddedKafka::endOnJvmExit);
    }

    private static void onEveryNode(Consumer<EmbeddedKafka> action, List<EmbeddedKafka> nodes) {
        try (var executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("llmq-kafka-node-", 1).factory())) {
            var futures = nodes.stream().map(node -> CompletableFuture.runAsync(() -> action.accept(node), executor)).toList();
            RuntimeException first = null;
            for (var future : futures) {
                try {
                    future.join();
                } catch (CompletionException e) {
                    var cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    if (first == null) {
                        first = cause;
                    } else {
                        first.addSuppressed(cause);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + bootstrapServers() + "]";
    }
}
