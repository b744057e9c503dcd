package io.llmq.standalone.engine;

import java.nio.file.Path;

/**
 * The {@code server.properties} of one node of an embedded cluster: a process that is both broker
 * and KRaft controller ("combined" mode), listening on loopback only. A single-node cluster has one
 * such node; {@link EmbeddedKafkaCluster} runs three, each a voter of the controller quorum.
 *
 * <p>The controller quorum is static ({@code controller.quorum.voters}) rather than a dynamic one
 * formatted with {@code --standalone}: a dynamic quorum records the controllers' addresses in the
 * metadata log, so a persistent data directory could not be reopened on other ports.
 *
 * <p>Internal topics (group offsets, transactions) are replicated to {@code internalReplicas}
 * nodes with {@code minInsyncReplicas} as their min ISR: 1 and 1 on one node, or transactions and
 * idempotent producers would wait for replicas that do not exist; 3 and 2 on a cluster of three,
 * so that committed offsets survive the loss of a node. {@code min.insync.replicas} is also the
 * broker default for topics that do not set their own. Internal topics get few partitions because
 * creating the default 50 costs seconds on a small machine the first time a group or a
 * transactional producer appears.
 *
 * <p>A restarted broker cannot register until the controller has expired its previous session,
 * so after a {@code kill -9} start-up waits out {@code broker.session.timeout.ms}; the same timeout
 * is how long a cluster takes to fence a dead node and move its partitions' leadership. It is 4 s
 * here instead of 9 s, with heartbeats every 500 ms so a slow moment does not fence a live broker.
 *
 * @param quorumVoters {@code id@host:port} of every controller, comma-separated
 */
record KafkaBrokerConfig(int nodeId, int brokerPort, int controllerPort, Path logDir, String quorumVoters,
                         int internalReplicas, int minInsyncReplicas) {

    /** An IPv4 literal, not {@code localhost}, which may resolve to {@code ::1} where the broker does not listen. */
    static final String HOST = "127.0.0.1";
    private static final int INTERNAL_TOPIC_PARTITIONS = 5;

    KafkaBrokerConfig {
        checkPort("brokerPort", brokerPort);
        checkPort("controllerPort", controllerPort);
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException("brokerPort and controllerPort must differ, both are " + brokerPort);
        }
        if (nodeId < 1) {
            throw new IllegalArgumentException("nodeId must be at least 1, was " + nodeId);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > internalReplicas) {
            throw new IllegalArgumentException("minInsyncReplicas must be between 1 and internalReplicas ("
                    + internalReplicas + "), was " + minInsyncReplicas);
        }
    }

    /** The one node of a single-node cluster: node 1, its own only voter, everything replicated once. */
    static KafkaBrokerConfig singleNode(int brokerPort, int controllerPort, Path logDir) {
        return new KafkaBrokerConfig(1, brokerPort, controllerPort, logDir, voter(1, controllerPort), 1, 1);
    }

    /** One voter of {@code controller.quorum.voters}. */
    static String voter(int nodeId, int controllerPort) {
        return nodeId + "@" + HOST + ":" + controllerPort;
    }

    /** This node's own client address. */
    String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    String render() {
        return """
                process.roles=broker,controller
                node.id=%1$d
                controller.quorum.voters=%4$s
                listeners=PLAINTEXT://127.0.0.1:%2$d,CONTROLLER://127.0.0.1:%3$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%2$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%5$s
                num.partitions=1
                default.replication.factor=%7$d
                min.insync.replicas=%8$d
                auto.create.topics.enable=false
                group.initial.rebalance.delay.ms=0
                broker.heartbeat.interval.ms=500
                broker.session.timeout.ms=4000
                offsets.topic.replication.factor=%7$d
                offsets.topic.num.partitions=%6$d
                transaction.state.log.replication.factor=%7$d
                transaction.state.log.min.isr=%8$d
                transaction.state.log.num.partitions=%6$d
                share.coordinator.state.topic.replication.factor=%7$d
                share.coordinator.state.topic.min.isr=%8$d
                share.coordinator.state.topic.num.partitions=%6$d
                """.formatted(nodeId, brokerPort, controllerPort, quorumVoters,
                logDir.toAbsolutePath().toString().replace("\\", "\\\\"), INTERNAL_TOPIC_PARTITIONS,
                internalReplicas, minInsyncReplicas);
    }

    private static void checkPort(String name, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be a TCP port, was " + port);
        }
    }
}
