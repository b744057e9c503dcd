package io.llmq.schema;

import java.util.Map;

/**
 * Reads numeric settings from the environment, the same way for every process: unset or blank
 * means the default; anything unreadable is refused with a message that names the setting and the
 * value, at start-up rather than at first use.
 */
public final class Settings {

    private Settings() {
    }

    public static long longValue(Map<String, String> env, String name, long fallback) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }

    public static int intValue(Map<String, String> env, String name, int fallback) {
        var value = longValue(env, name, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is out of range, got " + value);
        }
        return (int) value;
    }

    public static double fraction(Map<String, String> env, String name, double fallback) {
        return decimal(env, name, fallback, "a fraction such as 0.1");
    }

    /** A number with a decimal point allowed, e.g. {@code 1.5}. */
    public static double number(Map<String, String> env, String name, double fallback) {
        return decimal(env, name, fallback, "a number such as 1.5");
    }

    private static double decimal(Map<String, String> env, String name, double fallback, String expected) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + expected + ", got '" + value + "'", e);
        }
    }
}
