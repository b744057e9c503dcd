package io.llmq.standalone.engine;

/**
 * An embedded engine did not come up. The message carries the end of the engine's own log,
 * because the cause (a taken port, a foreign data directory) is usually written there.
 */
public final class EngineStartException extends RuntimeException {

    EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }

    EngineStartException(String message) {
        super(message);
    }
}
