package io.llmq.standalone.engine;

import org.testcontainers.DockerClientFactory;

import java.util.Locale;

/**
 * Kafka and PostgreSQL for tests: containers when a Docker engine answers, the embedded engines
 * otherwise. Set {@code -Dllmq.test.engines=embedded} (or {@code docker}) to skip the probe.
 *
 * <p>{@link #kafka()} and {@link #postgres()} start a private engine that the caller closes.
 * {@link #sharedKafka()} and {@link #sharedPostgres()} start one engine per test JVM on first use,
 * so test classes do not each pay a start-up; closing what they return does nothing, and a shutdown
 * hook stops them when the JVM exits. Tests that stop, kill or break an engine need a private one.
 */
public final class TestEngines {

    static final String MODE_PROPERTY = "llmq.test.engines";

    private TestEngines() {
    }

    public static KafkaEngine kafka() {
        return useDocker() ? ContainerKafka.start() : EmbeddedKafka.start(null);
    }

    /** A PostgreSQL with {@code fsync} off: fast, and it loses data only if the machine crashes. */
    public static PostgresEngine postgres() {
        return useDocker() ? ContainerPostgres.start() : EmbeddedPostgresEngine.start(null, false);
    }

    public static KafkaEngine sharedKafka() {
        return SharedEngines.KafkaHolder.KAFKA;
    }

    public static PostgresEngine sharedPostgres() {
        return SharedEngines.PostgresHolder.POSTGRES;
    }

    public static boolean useDocker() {
        return DockerProbe.USE_DOCKER;
    }

    /** The probe costs a moment and logs when there is no Docker, so it runs once per JVM. */
    private static final class DockerProbe {
        static final boolean USE_DOCKER = decide();

        private static boolean decide() {
            var mode = System.getProperty(MODE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
            return switch (mode) {
                case "docker" -> true;
                case "embedded" -> false;
                case "auto" -> DockerClientFactory.instance().isDockerAvailable();
                default -> throw new IllegalArgumentException(
                        MODE_PROPERTY + " must be auto, docker or embedded, was " + mode);
            };
        }
    }
}
