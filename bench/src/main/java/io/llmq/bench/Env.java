package io.llmq.bench;

import java.util.Map;

/**
 * The bench's settings, read from environment variables ({@code LLMQ_BENCH_*}, see the README's
 * "Benchmarks" section). A bad value fails at once with the variable's name and what was wrong.
 */
public record Env(Map<String, String> vars) {

    public Env {
        vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public long number(String name, long fallback) {
        var value = vars.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }

    /** A whole number of at least {@code min}. */
    public int atLeast(String name, int fallback, int min) {
        var value = number(name, fallback);
        if (value < min || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }

    public String text(String name, String fallback) {
        var value = vars.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public boolean isSet(String name) {
        var value = vars.get(name);
        return value != null && !value.isBlank();
    }
}
