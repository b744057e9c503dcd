package io.llmq.schema.catalogue;

import io.llmq.schema.db.Timestamps;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** {@code effective_from} as the catalogue file and the admin API accept it: a date (midnight UTC) or an RFC 3339 time. */
public final class PriceDates {

    private PriceDates() {
    }

    /** Null for null; otherwise the instant, or an error naming the model. */
    public static Instant parse(String text, String model) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var value = text.trim();
        Instant instant;
        try {
            instant = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("model " + model + ": price.effective_from must be a date (YYYY-MM-DD) or an "
                    + "RFC 3339 time, got '" + value + "'");
        }
        if (!Timestamps.storable(instant)) {
            throw new IllegalArgumentException("model " + model + ": price.effective_from must be between the years 1 and 9999, got '"
                    + value + "'");
        }
        return instant;
    }
}
