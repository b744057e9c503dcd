package io.llmq.simulator.openai;

import io.javalin.http.Context;
import io.llmq.simulator.limits.Admission;

import java.time.Duration;
import java.util.Locale;

/**
 * OpenAI's rate-limit headers: {@code x-ratelimit-limit|remaining|reset-requests|tokens}, resets
 * as durations like {@code 1.2s}, and {@code retry-after} in whole seconds on a 429 (plus the
 * millisecond {@code retry-after-ms} that OpenAI also sends).
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static void write(Context ctx, Admission a) {
        if (a.limitRequests() > 0) {
            ctx.header("x-ratelimit-limit-requests", Long.toString(a.limitRequests()));
            ctx.header("x-ratelimit-remaining-requests", Long.toString(a.remainingRequests()));
            ctx.header("x-ratelimit-reset-requests", duration(a.resetRequests()));
        }
        if (a.limitTokens() > 0) {
            ctx.header("x-ratelimit-limit-tokens", Long.toString(a.limitTokens()));
            ctx.header("x-ratelimit-remaining-tokens", Long.toString(a.remainingTokens()));
            ctx.header("x-ratelimit-reset-tokens", duration(a.resetTokens()));
        }
        if (!a.admitted()) {
            ctx.header("retry-after", Long.toString(Math.max(1, (a.retryAfter().toMillis() + 999) / 1000)));
            ctx.header("retry-after-ms", Long.toString(Math.max(1, a.retryAfter().toMillis())));
        }
    }

    private static String duration(Duration d) {
        return String.format(Locale.ROOT, "%.3fs", d.toNanos() / 1e9);
    }
}
