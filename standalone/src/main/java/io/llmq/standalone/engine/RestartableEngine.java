package io.llmq.standalone.engine;

/**
 * An embedded engine that chaos tests can take down and bring back. Its address (ports, data
 * directory) survives all of these, so clients built before a {@link #kill()} work after
 * {@link #start()}.
 */
public interface RestartableEngine {

    /** Starts the engine; does nothing if it is running. */
    void start();

    /** Shuts the engine down gracefully; does nothing if it is not running. */
    void stop();

    /** Ends the engine's processes at once, like {@code kill -9}; does nothing if it is not running. */
    void kill();

    /** {@link #stop()}, then {@link #start()}. */
    void restart();

    boolean isRunning();
}
