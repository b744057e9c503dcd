package io.llmq.standalone.engine;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ending engine processes: politely with a deadline, or at once like {@code kill -9}. */
final class Processes {

    private Processes() {
    }

    /** Sends SIGTERM, waits up to {@code grace}, then kills. Returns true if the process ended by itself. */
    static boolean terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        kill(process, grace);
        return false;
    }

    /** Sends SIGKILL and waits up to {@code timeout} for the process to be gone. */
    static void kill(ProcessHandle process, Duration timeout) {
        process.destroyForcibly();
        if (!awaitExit(process, timeout) && !Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for " + timeout);
        }
    }

    /**
     * Waits for the process to end. An interrupt restores the flag and stops the wait; the caller
     * then sees false if the process is still alive.
     */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for process " + process.pid(), e.getCause());
        }
    }
}
