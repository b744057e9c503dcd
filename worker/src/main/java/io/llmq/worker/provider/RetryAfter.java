package io.llmq.worker.provider;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads how long a provider asks to be left alone: OpenAI's {@code retry-after-ms}, else the
 * standard {@code retry-after} in seconds (fractions allowed) or as an HTTP date.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    static Duration of(HttpHeaders headers) {
        var millis = headers.firstValue("retry-after-ms").map(RetryAfter::seconds).map(s -> s / 1000);
        if (millis.isPresent() && millis.get() >= 0) {
            return Duration.ofMillis(Math.round(millis.get() * 1000));
        }
        return headers.firstValue("retry-after").map(RetryAfter::parse).orElse(null);
    }

    private static Duration parse(String value) {
        var seconds = seconds(value);
        if (seconds >= 0) {
            return Duration.ofMillis(Math.round(seconds * 1000));
        }
        try {
            var at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            var wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double seconds(String value) {
        try {
            var v = Double.parseDouble(value.trim());
            return Double.isFinite(v) ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
