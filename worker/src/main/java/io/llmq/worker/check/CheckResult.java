package io.llmq.worker.check;

/**
 * How one output check ended on one answer: {@code check} is {@code json_schema}, {@code json_object}
 * or {@code finish_reason}; {@code detail} says what failed (null when it passed).
 */
public record CheckResult(String check, boolean passed, String detail) {
    static CheckResult pass(String check) {
        return new CheckResult(check, true, null);
    }

    static CheckResult fail(String check, String detail) {
        return new CheckResult(check, false, detail);
    }
}
