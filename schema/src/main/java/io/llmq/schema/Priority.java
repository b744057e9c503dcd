package io.llmq.schema;

import java.util.Locale;

/** Priority classes, most urgent first. The ordinal is the scheduling order. */
public enum Priority {
    HIGH, NORMAL, LOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code high|normal|low}; null means the default, {@link #NORMAL}. */
    public static Priority parse(String text) {
        if (text == null || text.isBlank()) {
            return NORMAL;
        }
        for (var p : values()) {
            if (p.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority must be one of high, normal, low; got '" + text + "'");
    }
}
