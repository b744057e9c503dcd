package io.llmq.schema.db;

import java.time.Instant;

/**
 * The instants llmq accepts from outside: years 1 to 9999. PostgreSQL's {@code timestamptz}
 * refuses years past 294276 and before 4713 BC, with an error that would surface as a 500; the
 * narrower range is also what every client's date type can hold, and no real cursor, window or
 * price date is anywhere near its ends.
 */
public final class Timestamps {
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Timestamps() {
    }

    public static boolean storable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
