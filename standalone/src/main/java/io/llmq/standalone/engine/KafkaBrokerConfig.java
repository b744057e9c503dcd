package io.llmq.standalone.engine;

import java.nio.file.Path;

/**
 * The {@code server.properties} of the embedded single-node cluster: one process that is both
 * broker and KRaft controller, listening on loopback only.
 *
 * <p>The controller quorum is static ({@code controller.quorum.voters}) rather than a dynamic one
 * formatted with {@code --standalone}: a dynamic quorum records the controller's address in the
 * metadata log, so a persistent data directory could not be reopened on other ports.
 *
 * <p>Every internal topic gets replication factor 1 and min ISR 1, or transactions and idempotent
 * producers would wait for replicas that do not exist. Internal topics get few partitions because
 * creating the default 50 costs seconds on a small machine the first time a group or a
 * transactional producer appears.
 *
 * <p>A restarted broker cannot register until the controller has expired its previous session,
 * so after a {@code kill -9} start-up waits out {@code broker.session.timeout.ms}. It is 4 s here
 * instead of 9 s, with heartbeats every 500 ms so a slow moment does not fence the only broker.
 */
record KafkaBrokerConfig(int brokerPort, int controllerPort, Path logDir) {

    /** An IPv4 literal, not {@code localhost}, which may resolve to {@code ::1} where the broker does not listen. */
    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;
    private static final int INTERNAL_TOPIC_PARTITIONS = 5;

    KafkaBrokerConfig {
        checkPort("brokerPort", brokerPort);
        checkPort("controllerPort", controllerPort);
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException("brokerPort and controllerPort must differ, both are " + brokerPort);
        }
    }

    String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    String render() {
        return """
                process.roles=broker,controller
                node.id=%1$d
                controller.quorum.voters=%1$d@127.0.0.1:%3$d
                listeners=PLAINTEXT://127.0.0.1:%2$d,CONTROLLER://127.0.0.1:%3$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%2$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%4$s
                num.partitions=1
                default.replication.factor=1
                min.insync.replicas=1
                auto.create.topics.enable=false
                group.initial.rebalance.delay.ms=0
                broker.heartbeat.interval.ms=500
                broker.session.timeout.ms=4000
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=%5$d
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=%5$d
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                share.coordinator.state.topic.num.partitions=%5$d
                """.formatted(NODE_ID, brokerPort, controllerPort,
                logDir.toAbsolutePath().toString().replace("\\", "\\\\"), INTERNAL_TOPIC_PARTITIONS);
    }

    private static void checkPort(String name, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be a TCP port, was " + port);
        }
    }
}
