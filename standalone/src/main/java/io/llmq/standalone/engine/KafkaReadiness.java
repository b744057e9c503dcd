package io.llmq.standalone.engine;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits until a freshly started broker serves clients: first until its port accepts connections
 * (so the admin client does not log a warning per refused connect), then until
 * {@code describeCluster} lists the broker, which a KRaft broker does only once it has caught up
 * with the metadata log and been unfenced. Fails fast when the broker process exits.
 */
final class KafkaReadiness {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final int CALL_TIMEOUT_MS = 5_000;

    private final Process broker;
    private final KafkaBrokerConfig config;
    private final Path log;
    private final long deadline;
    private final Duration timeout;
    private Throwable lastError;

    KafkaReadiness(Process broker, KafkaBrokerConfig config, Path log, Duration timeout) {
        this.broker = broker;
        this.config = config;
        this.log = log;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    void await() {
        awaitPortOpen();
        awaitBrokerListed();
    }

    private void awaitPortOpen() {
        var address = new InetSocketAddress(KafkaBrokerConfig.HOST, config.brokerPort());
        while (true) {
            try (var socket = new Socket()) {
                socket.connect(address, (int) POLL.toMillis());
                return;
            } catch (IOException notYet) {
                pause("port " + config.brokerPort() + " accepts no connections");
            }
        }
    }

    private void awaitBrokerListed() {
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "llmq-engine-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
        try (var admin = Admin.create(props)) {
            while (!isListed(admin)) {
                pause("the broker is not listed by describeCluster (last error: " + lastError + ")");
            }
        }
    }

    private boolean isListed(Admin admin) {
        try {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(CALL_TIMEOUT_MS))
                    .nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return nodes.stream().anyMatch(node -> node.id() == config.nodeId());
        } catch (ExecutionException e) {
            lastError = e.getCause();
            return false;
        } catch (TimeoutException e) {
            lastError = e;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the broker", e);
        }
    }

    /** Waits one poll interval, ending early if the broker exits; fails once the deadline passed. */
    private void pause(String notReady) {
        try {
            if (broker.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("the broker exited with code " + broker.exitValue(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the broker", e);
        }
        if (System.nanoTime() - deadline > 0) {
            throw failure(notReady + " after " + timeout, lastError);
        }
    }

    private EngineStartException failure(String what, Throwable cause) {
        return new EngineStartException("Kafka broker at " + config.bootstrapServers() + " did not start: "
                + what + "\n" + LogTail.of(log, 40), cause);
    }
}
