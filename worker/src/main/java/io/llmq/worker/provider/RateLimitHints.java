package io.llmq.worker.provider;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads a provider's rate-limit headers on a successful answer: when it says the requests or
 * tokens remaining are zero, the deployment should pause until the reset, for every replica,
 * instead of learning it from a 429 on the next call.
 * OpenAI: {@code x-ratelimit-remaining-requests|tokens} with resets as durations ({@code 1s},
 * {@code 6m0s}, {@code 20ms}). Anthropic: {@code anthropic-ratelimit-requests|tokens-remaining}
 * with resets as RFC 3339 instants.
 */
public final class RateLimitHints {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    private static final Duration MAX_PAUSE = Duration.ofMinutes(10);

    private RateLimitHints() {
    }

    /** How long to pause the deployment, or null when the provider has capacity left. */
    public static Duration pauseHint(HttpHeaders headers, Instant now) {
        Duration pause = null;
        for (var kind : new String[] {"requests", "tokens"}) {
            if ("0".equals(headers.firstValue("x-ratelimit-remaining-" + kind).orElse(null))) {
                pause = longer(pause, headers.firstValue("x-ratelimit-reset-" + kind).map(RateLimitHints::goDuration).orElse(null));
            }
            if ("0".equals(headers.firstValue("anthropic-ratelimit-" + kind + "-remaining").orElse(null))) {
                pause = longer(pause, headers.firstValue("anthropic-ratelimit-" + kind + "-reset").map(v -> until(v, now)).orElse(null));
            }
        }
        return pause == null || pause.isZero() || pause.isNegative() ? null : (pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause);
    }

    /** {@code 1s}, {@code 6m0s}, {@code 1.5s}, {@code 20ms}; null when unreadable. */
    static Duration goDuration(String text) {
        var m = PART.matcher(text.trim());
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            end = m.end();
            var value = Double.parseDouble(m.group(1));
            nanos += (long) (value * switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            });
        }
        return end == text.trim().length() && end > 0 ? Duration.ofNanos(nanos) : null;
    }

    private static Duration until(String instant, Instant now) {
        try {
            return Duration.between(now, Instant.parse(instant.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration longer(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
