package io.llmq.worker.outcome;

import java.util.regex.Pattern;

/**
 * PostgreSQL refuses the NUL character in {@code text} and the escape {@code \u0000} in
 * {@code jsonb}. An outcome carrying one (a provider that answered with a NUL in its text) would
 * fail its group's transaction on every retry and stall the writer, so NULs become U+FFFD, the
 * replacement character, before they are written.
 */
final class Storable {
    /** {@code \u0000} preceded by an even number of backslashes: an escape, not an escaped backslash. */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private Storable() {
    }

    static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    static String json(String value) {
        if (value == null || !value.contains("u0000")) {
            return text(value);
        }
        return text(JSON_NUL.matcher(value).replaceAll("$1\\\\ufffd"));
    }
}
