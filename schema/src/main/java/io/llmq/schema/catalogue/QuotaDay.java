package io.llmq.schema.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * One day of a deployment's daily quota: from one reset ({@code daily_reset_hour}:00 UTC) to the
 * next. Workers charge calls to the row of the day they are in, and the submitter reads the same
 * row, so both must cut days alike: this is the one place that does.
 */
public record QuotaDay(Instant start, Instant end) {

    /** The quota day that {@code now} falls in, for a reset at {@code resetHour}:00 UTC. */
    public static QuotaDay at(Instant now, int resetHour) {
        var midnight = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        var start = midnight.plus(Duration.ofHours(resetHour));
        if (start.isAfter(now)) {
            start = start.minus(Duration.ofDays(1));
        }
        return new QuotaDay(start, start.plus(Duration.ofDays(1)));
    }
}
