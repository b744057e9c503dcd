package io.llmq.standalone.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run an {@link EmbeddedKafka}.
 *
 * @param dataDir      where the broker keeps its logs; null for a temporary directory deleted on close
 * @param startTimeout how long a start may take before it fails with the broker's log
 * @param jvmOptions   options for the broker's child JVM
 */
public record EmbeddedKafkaSettings(Path dataDir, Duration startTimeout, List<String> jvmOptions) {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A modest heap; the C1 compiler only and the serial collector, because on a small shared
     * machine they halve the broker's start-up (measured 4-5 s instead of 10-13 s on 2 busy cores)
     * and a test or standalone broker is never CPU-bound on its own code.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true");

    public EmbeddedKafkaSettings {
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
        }
        if (jvmOptions == null) {
            throw new IllegalArgumentException("jvmOptions must not be null; use List.of() for none");
        }
        jvmOptions = List.copyOf(jvmOptions);
    }

    public static EmbeddedKafkaSettings defaults(Path dataDir) {
        return new EmbeddedKafkaSettings(dataDir, DEFAULT_START_TIMEOUT, DEFAULT_JVM_OPTIONS);
    }

    public EmbeddedKafkaSettings withStartTimeout(Duration timeout) {
        return new EmbeddedKafkaSettings(dataDir, timeout, jvmOptions);
    }

    public EmbeddedKafkaSettings withJvmOptions(List<String> options) {
        return new EmbeddedKafkaSettings(dataDir, startTimeout, options);
    }
}
