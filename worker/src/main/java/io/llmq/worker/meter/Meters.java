package io.llmq.worker.meter;

import io.llmq.schema.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;

/**
 * How every stage of the worker builds its meters: the same histogram buckets, tags by position,
 * and the three class names as the only priority tags. Each stage owns its meters (consume, call,
 * outcome); the names and the question each answers are listed in docs/operations.md.
 */
public final class Meters {
    /** From submission to a start or an end: seconds to a day. */
    public static final Duration[] WAIT_BUCKETS = seconds(0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600);
    /** One provider call: 50 ms to two minutes. */
    public static final Duration[] CALL_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120);

    private Meters() {
    }

    /** A counter tagged {@code keys[i] = values.get(i)}. */
    public static Counter counter(MeterRegistry registry, String name, String description, List<String> values, String... keys) {
        var builder = Counter.builder(name).description(description);
        for (int i = 0; i < keys.length; i++) {
            builder.tag(keys[i], values.get(i));
        }
        return builder.register(registry);
    }

    public static Timer timer(MeterRegistry registry, String name, String description, Duration[] buckets, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets)
                .minimumExpectedValue(buckets[0]).maximumExpectedValue(buckets[buckets.length - 1]).register(registry);
    }

    /** Only the three class names, whatever a message carries. */
    public static String priorityTag(String priority) {
        try {
            return Priority.parse(priority).wireName();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    private static Duration[] seconds(double... values) {
        var out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis(Math.round(values[i] * 1000));
        }
        return out;
    }
}
