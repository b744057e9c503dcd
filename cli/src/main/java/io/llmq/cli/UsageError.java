package io.llmq.cli;

/** The command line itself is wrong (exit code 2): nothing was sent to llmq. */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}
