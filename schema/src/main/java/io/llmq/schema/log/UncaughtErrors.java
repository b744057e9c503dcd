package io.llmq.schema.log;

import org.slf4j.LoggerFactory;

/**
 * Sends exceptions that end a thread (also {@code main}'s start-up failures) through the logger,
 * so that in a container they arrive as one JSON line like everything else, not as a bare stack
 * trace on stderr.
 */
public final class UncaughtErrors {

    private UncaughtErrors() {
    }

    public static void logThroughSlf4j() {
        var log = LoggerFactory.getLogger("io.llmq.uncaught");
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> log.error("thread {} ended by an uncaught exception", thread.getName(), e));
    }
}
