package io.llmq.standalone.engine;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the embedded engines share around their own process: a shutdown hook that ends the process
 * when this JVM exits, a data directory deleted on close when the engine made it, and the rule that a
 * closed engine does not start again. Subclasses launch, stop and kill their process.
 */
abstract class EmbeddedEngine implements RestartableEngine {
    private final Path home;
    private final boolean ownsHome;
    private final Thread shutdownHook;
    private boolean closed;

    /**
     * @param name     names the shutdown hook's thread, {@code llmq-<name>-shutdown}
     * @param ownsHome whether {@code home} is a temporary directory to delete on close
     */
    EmbeddedEngine(String name, Path home, boolean ownsHome) {
        this.home = home;
        this.ownsHome = ownsHome;
        this.shutdownHook = new Thread(this::onJvmExit, "llmq-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Runs {@code open} on a new engine, closing the engine (hook, temporary directory) if it fails. */
    static <E extends EmbeddedEngine> E openOrClose(E engine, Consumer<? super E> open) {
        try {
            open.accept(engine);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** Starts the process; called under the lock, only when it is not running and the engine is open. */
    abstract void launch();

    /**
     * Ends the process from the shutdown hook. Must not take the lock: the hook may run while a start
     * holds it.
     */
    abstract void endOnJvmExit();

    /** Runs on close once the engine is stopped, before its home is deleted: for engines made of other engines. */
    void closeParts() {
    }

    /** Starts the engine on the same ports and data directory; does nothing if it is running. */
    @Override
    public final synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this " + getClass().getSimpleName() + " is closed");
        }
        if (!isRunning()) {
            launch();
        }
    }

    @Override
    public final synchronized void restart() {
        stop();
        start();
    }

    /** Stops the engine and deletes a temporary data directory; calling it twice does nothing. */
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        closeParts();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmExiting) {
            // the hook is running or about to; it does the same cleanup
        }
        deleteHomeIfOwned();
    }

    private void onJvmExit() {
        endOnJvmExit();
        deleteHomeIfOwned();
    }

    private void deleteHomeIfOwned() {
        if (ownsHome) {
            Directories.deleteRecursively(home);
        }
    }
}
