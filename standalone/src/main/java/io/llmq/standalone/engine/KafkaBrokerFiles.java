package io.llmq.standalone.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the embedded broker keeps things inside its data directory: the partition logs, the
 * generated configuration and the broker's own log. The configuration is rewritten on every start
 * so a directory kept from an earlier run adopts this run's ports.
 */
record KafkaBrokerFiles(Path home) {

    Path logDir() {
        return home.resolve("kafka-logs");
    }

    Path serverProperties() {
        return home.resolve("server.properties");
    }

    Path logbackConfig() {
        return home.resolve("broker-logback.xml");
    }

    Path log() {
        return home.resolve("broker.log");
    }

    /** Keeps one earlier run's log as {@code broker.log.1}, so a long-lived directory does not grow without bound. */
    void rotateLog() {
        try {
            if (Files.exists(log())) {
                Files.move(log(), home.resolve("broker.log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + log(), e);
        }
    }

    void write(KafkaBrokerConfig config) {
        try {
            Files.createDirectories(logDir());
            Files.writeString(serverProperties(), config.render());
            Files.writeString(logbackConfig(), LOGBACK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration in " + home, e);
        }
    }

    /** The child logs to stdout, which goes to {@link #log()}; the test or service log stays clean. */
    private static final String LOGBACK = """
            <configuration>
              <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="state.change.logger" level="WARN"/>
              <logger name="kafka.request.logger" level="WARN"/>
              <logger name="org.apache.kafka.clients" level="WARN"/>
              <logger name="org.apache.kafka.common.config" level="WARN"/>
              <logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
              <root level="INFO"><appender-ref ref="STDOUT"/></root>
            </configuration>
            """;
}
