package io.llmq.worker.ratelimit;

import io.llmq.schema.Settings;

import java.util.Map;

/**
 * How calls in flight are sized ({@link InFlightTarget}).
 *
 * @param floor            the fewest calls in flight any deployment is given ({@code LLMQ_MIN_IN_FLIGHT}, 8;
 *                         never more than a deployment's own {@code max_concurrent})
 * @param unlimitedCeiling the most for a deployment without {@code max_concurrent}
 *                         ({@code LLMQ_UNLIMITED_MAX_IN_FLIGHT}, 256)
 * @param headroom         observed mean latency is multiplied by this for the tail ({@code LLMQ_IN_FLIGHT_HEADROOM}, 1.5)
 * @param waitingBuffer    a worker holds this much more than it calls with, so a freed slot finds
 *                         a job ready ({@code LLMQ_IN_FLIGHT_BUFFER}, 0.25)
 * @param uncalled         what a deployment not called yet, without {@code max_concurrent}, counts as (32)
 */
public record InFlightSettings(int floor, int unlimitedCeiling, double headroom, double waitingBuffer, int uncalled) {
    public static final int DEFAULT_FLOOR = 8;
    public static final int DEFAULT_UNLIMITED_CEILING = 256;
    public static final double DEFAULT_HEADROOM = 1.5;
    public static final double DEFAULT_WAITING_BUFFER = 0.25;
    public static final int DEFAULT_UNCALLED = 32;

    public InFlightSettings {
        if (floor < 1) {
            throw new IllegalArgumentException("LLMQ_MIN_IN_FLIGHT must be at least 1, got " + floor);
        }
        if (unlimitedCeiling < floor) {
            throw new IllegalArgumentException("LLMQ_UNLIMITED_MAX_IN_FLIGHT must be at least LLMQ_MIN_IN_FLIGHT (" + floor
                    + "), got " + unlimitedCeiling);
        }
        if (!(headroom >= 1) || headroom > 10) {
            throw new IllegalArgumentException("LLMQ_IN_FLIGHT_HEADROOM must be between 1 and 10, got " + headroom);
        }
        if (!(waitingBuffer >= 0) || waitingBuffer > 4) {
            throw new IllegalArgumentException("LLMQ_IN_FLIGHT_BUFFER must be between 0 and 4, got " + waitingBuffer);
        }
        if (uncalled < 1) {
            throw new IllegalArgumentException("the in-flight count of an uncalled deployment must be at least 1, got " + uncalled);
        }
    }

    public static InFlightSettings defaults() {
        return new InFlightSettings(DEFAULT_FLOOR, DEFAULT_UNLIMITED_CEILING, DEFAULT_HEADROOM, DEFAULT_WAITING_BUFFER, DEFAULT_UNCALLED);
    }

    /** {@code LLMQ_MIN_IN_FLIGHT}, {@code LLMQ_UNLIMITED_MAX_IN_FLIGHT}, {@code LLMQ_IN_FLIGHT_HEADROOM}, {@code LLMQ_IN_FLIGHT_BUFFER}. */
    public static InFlightSettings fromEnv(Map<String, String> env) {
        return new InFlightSettings(Settings.intValue(env, "LLMQ_MIN_IN_FLIGHT", DEFAULT_FLOOR),
                Settings.intValue(env, "LLMQ_UNLIMITED_MAX_IN_FLIGHT", DEFAULT_UNLIMITED_CEILING),
                Settings.number(env, "LLMQ_IN_FLIGHT_HEADROOM", DEFAULT_HEADROOM),
                Settings.number(env, "LLMQ_IN_FLIGHT_BUFFER", DEFAULT_WAITING_BUFFER), DEFAULT_UNCALLED);
    }
}
