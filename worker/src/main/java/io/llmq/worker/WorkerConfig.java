package io.llmq.worker;

import io.llmq.schema.Settings;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.worker.call.RetryPolicy;

import java.time.Duration;
import java.util.Map;

/**
 * Everything a worker reads at start-up, from the environment (names in the README).
 *
 * @param name           this replica's name in logs and thread names
 * @param httpPort       port of /health and /metrics; -1 for none
 * @param maxInFlight    the most jobs started but not yet durable, per worker, whatever Little's law asks for
 * @param sessionTimeout how long the group waits for a silent worker before moving its partitions
 * @param drainTimeout   on SIGTERM, how long in-flight jobs may take to finish before being handed back
 * @param maxInFlightBytes bytes of job payloads in flight, per worker; the consumer pauses above it
 */
public record WorkerConfig(String name, String kafkaBootstrap, String jdbcUrl, String dbUser, String dbPassword,
                           String groupId, int httpPort, int maxInFlight, RetryPolicy retry,
                           Duration sessionTimeout, Duration drainTimeout, TopicLayout topics, long maxInFlightBytes) {
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 64L * 1024 * 1024;
    /** A ceiling only: the budget itself follows Little's law (see Worker#jobBudget). */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4096;


    public WorkerConfig {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("LLMQ_WORKER_MAX_IN_FLIGHT must be at least 1, got " + maxInFlight);
        }
        if (maxInFlightBytes < 64 * 1024) {
            throw new IllegalArgumentException("LLMQ_WORKER_MAX_IN_FLIGHT_BYTES must be at least 65536, got " + maxInFlightBytes);
        }
        if (httpPort < -1 || httpPort > 65535) {
            throw new IllegalArgumentException("LLMQ_WORKER_HTTP_PORT must be -1 (off) or 0..65535, got " + httpPort);
        }
        if (sessionTimeout.toMillis() < 6000) {
            throw new IllegalArgumentException("LLMQ_WORKER_SESSION_TIMEOUT_MS must be at least 6000 (the broker's minimum), got " + sessionTimeout.toMillis());
        }
    }

    public static WorkerConfig fromEnv(Map<String, String> env) {
        return new WorkerConfig(
                env.getOrDefault("LLMQ_WORKER_NAME", env.getOrDefault("HOSTNAME", "worker")),
                env.getOrDefault("LLMQ_KAFKA_BOOTSTRAP", "localhost:9092"),
                env.getOrDefault("LLMQ_DB_URL", "jdbc:postgresql://localhost:5432/llmq"),
                env.getOrDefault("LLMQ_DB_USER", "llmq"),
                env.getOrDefault("LLMQ_DB_PASSWORD", "llmq"),
                env.getOrDefault("LLMQ_WORKER_GROUP", "llmq-workers"),
                Settings.intValue(env, "LLMQ_WORKER_HTTP_PORT", 8081),
                Settings.intValue(env, "LLMQ_WORKER_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT),
                RetryPolicy.fromEnv(env),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_WORKER_SESSION_TIMEOUT_MS", 45_000)),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_WORKER_DRAIN_TIMEOUT_MS", 30_000)),
                TopicLayout.fromEnv(env),
                Settings.longValue(env, "LLMQ_WORKER_MAX_IN_FLIGHT_BYTES", DEFAULT_MAX_IN_FLIGHT_BYTES));
    }

    public WorkerConfig named(String newName) {
        return new WorkerConfig(newName, kafkaBootstrap, jdbcUrl, dbUser, dbPassword, groupId, httpPort, maxInFlight,
                retry, sessionTimeout, drainTimeout, topics, maxInFlightBytes);
    }

    public WorkerConfig withHttpPort(int port) {
        return new WorkerConfig(name, kafkaBootstrap, jdbcUrl, dbUser, dbPassword, groupId, port, maxInFlight,
                retry, sessionTimeout, drainTimeout, topics, maxInFlightBytes);
    }

    public WorkerConfig withSessionTimeout(Duration timeout) {
        return new WorkerConfig(name, kafkaBootstrap, jdbcUrl, dbUser, dbPassword, groupId, httpPort, maxInFlight,
                retry, timeout, drainTimeout, topics, maxInFlightBytes);
    }
}
