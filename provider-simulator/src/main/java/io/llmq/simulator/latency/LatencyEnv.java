package io.llmq.simulator.latency;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the latency model from {@code LLMQ_SIM_*} environment variables.
 *
 * <ul>
 *   <li>{@code LLMQ_SIM_LATENCY_MODEL}: {@code fixed} (default) or {@code realistic}</li>
 *   <li>fixed: {@code LLMQ_SIM_LATENCY_MS}, {@code LLMQ_SIM_JITTER_MS}</li>
 *   <li>realistic: {@code LLMQ_SIM_TTFT_MS}, {@code LLMQ_SIM_MS_PER_TOKEN}, {@code LLMQ_SIM_LATENCY_SIGMA},
 *       {@code LLMQ_SIM_STALL_PROBABILITY}, {@code LLMQ_SIM_STALL_MS}; or {@code LLMQ_SIM_LATENCY_P50_MS} with
 *       {@code LLMQ_SIM_LATENCY_P99_MS}, from which ttft and sigma are derived (then setting them too is an error)</li>
 * </ul>
 * Settings of the other model are ignored, so one environment can switch models with one variable.
 */
public final class LatencyEnv {

    private LatencyEnv() {
    }

    /** @param fixedDefault the fixed model's base and jitter when their variables are unset (they differ per launcher) */
    public static LatencyModel read(Map<String, String> env, FixedLatency fixedDefault) {
        var model = text(env, "LLMQ_SIM_LATENCY_MODEL", "fixed").toLowerCase(Locale.ROOT);
        return switch (model) {
            case "fixed" -> new FixedLatency(millis(env, "LLMQ_SIM_LATENCY_MS", fixedDefault.base()),
                    millis(env, "LLMQ_SIM_JITTER_MS", fixedDefault.jitter()));
            case "realistic" -> realistic(env);
            default -> throw new IllegalArgumentException("LLMQ_SIM_LATENCY_MODEL must be 'fixed' or 'realistic', got '"
                    + env.get("LLMQ_SIM_LATENCY_MODEL") + "'");
        };
    }

    private static RealisticLatency realistic(Map<String, String> env) {
        var builder = RealisticLatency.builder()
                .perToken(millis(env, "LLMQ_SIM_MS_PER_TOKEN", RealisticLatency.DEFAULT_PER_TOKEN))
                .stalls(decimal(env, "LLMQ_SIM_STALL_PROBABILITY", RealisticLatency.DEFAULT_STALL_PROBABILITY),
                        millis(env, "LLMQ_SIM_STALL_MS", RealisticLatency.DEFAULT_STALL));
        var targeted = isSet(env, "LLMQ_SIM_LATENCY_P50_MS") || isSet(env, "LLMQ_SIM_LATENCY_P99_MS");
        if (!targeted) {
            return builder.ttft(millis(env, "LLMQ_SIM_TTFT_MS", RealisticLatency.DEFAULT_TTFT))
                    .sigma(decimal(env, "LLMQ_SIM_LATENCY_SIGMA", RealisticLatency.DEFAULT_SIGMA)).build();
        }
        if (isSet(env, "LLMQ_SIM_TTFT_MS") || isSet(env, "LLMQ_SIM_LATENCY_SIGMA")) {
            // Silently preferring one would leave a setting the operator wrote without effect.
            throw new IllegalArgumentException("set either LLMQ_SIM_LATENCY_P50_MS/_P99_MS or LLMQ_SIM_TTFT_MS/LLMQ_SIM_LATENCY_SIGMA, "
                    + "not both: the percentiles determine ttft and sigma");
        }
        return builder.targeting(millis(env, "LLMQ_SIM_LATENCY_P50_MS", null), millis(env, "LLMQ_SIM_LATENCY_P99_MS", null)).build();
    }

    private static boolean isSet(Map<String, String> env, String name) {
        var raw = env.get(name);
        return raw != null && !raw.isBlank();
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        return isSet(env, name) ? env.get(name).strip() : fallback;
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        if (!isSet(env, name)) {
            return fallback;
        }
        var raw = env.get(name);
        try {
            return Duration.ofMillis(Long.parseLong(raw.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of milliseconds, got '" + raw + "'", e);
        }
    }

    private static double decimal(Map<String, String> env, String name, double fallback) {
        if (!isSet(env, name)) {
            return fallback;
        }
        var raw = env.get(name);
        try {
            return Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + raw + "'", e);
        }
    }
}
