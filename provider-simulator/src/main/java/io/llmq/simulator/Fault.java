package io.llmq.simulator;

import java.time.Duration;

/**
 * A failure the simulator injects into the provider endpoints on command, before a request reaches
 * the completion engine. Built fluently:
 *
 * <pre>{@code
 * simulator.inject(Fault.status(503).forModel("gpt-4o-mini").times(5));
 * simulator.inject(Fault.status(429).retryAfter(Duration.ofSeconds(2)).fraction(0.3));
 * simulator.inject(Fault.hang(Duration.ofSeconds(5)));     // longer than the client's timeout
 * simulator.clearFaults();
 * }</pre>
 *
 * @param type       what happens to a request the fault hits
 * @param status     the HTTP status of a {@link Type#STATUS} fault (400, 401, 404, 429, 500, 503, 529, ...)
 * @param code       the provider error code to send (e.g. {@code context_length_exceeded}); null for the status's usual one
 * @param model      only requests naming this model; null for every request
 * @param fraction   the share of matching requests hit, in (0, 1]
 * @param count      how many requests to hit before the fault is used up; 0 for no limit
 * @param retryAfter the {@code retry-after} to send with a status fault; null for none
 * @param hang       how long a {@link Type#HANG} holds the request before dropping the connection
 */
public record Fault(Type type, int status, String code, String model, double fraction, long count, Duration retryAfter,
                    Duration hang) {

    public enum Type {
        /** Answer with an error status in the provider's own error shape. */
        STATUS,
        /** Hold the request, then drop the connection without answering: the client times out first. */
        HANG,
        /** Reset the TCP connection without answering. */
        RESET,
        /** Answer 200 with a body cut in half. */
        TRUNCATE
    }

    public Fault {
        if (type == null) {
            throw new IllegalArgumentException("fault type is required (status, hang, reset, truncate)");
        }
        if (type == Type.STATUS && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("a status fault needs a status between 400 and 599, got " + status);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fault fraction must be in (0, 1], got " + fraction);
        }
        if (count < 0) {
            throw new IllegalArgumentException("fault count must be 0 (no limit) or positive, got " + count);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retry-after must not be negative, got " + retryAfter);
        }
        hang = hang == null ? Duration.ofSeconds(30) : hang;
        if (hang.isNegative() || hang.compareTo(SimulatorConfig.MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("hang must be between 0 and " + SimulatorConfig.MAX_LATENCY + ", got " + hang);
        }
    }

    public static Fault status(int status) {
        return new Fault(Type.STATUS, status, null, null, 1, 0, null, null);
    }

    public static Fault hang(Duration hang) {
        return new Fault(Type.HANG, 0, null, null, 1, 0, null, hang);
    }

    public static Fault reset() {
        return new Fault(Type.RESET, 0, null, null, 1, 0, null, null);
    }

    public static Fault truncate() {
        return new Fault(Type.TRUNCATE, 0, null, null, 1, 0, null, null);
    }

    public Fault forModel(String newModel) {
        return new Fault(type, status, code, newModel, fraction, count, retryAfter, hang);
    }

    public Fault fraction(double newFraction) {
        return new Fault(type, status, code, model, newFraction, count, retryAfter, hang);
    }

    public Fault times(long newCount) {
        return new Fault(type, status, code, model, fraction, newCount, retryAfter, hang);
    }

    public Fault retryAfter(Duration newRetryAfter) {
        return new Fault(type, status, code, model, fraction, count, newRetryAfter, hang);
    }

    public Fault code(String newCode) {
        return new Fault(type, status, newCode, model, fraction, count, retryAfter, hang);
    }
}
