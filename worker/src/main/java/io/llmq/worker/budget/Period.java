package io.llmq.worker.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A budget's period, in UTC: the calendar day or the calendar month. */
public enum Period {
    DAY("day"), MONTH("month");

    private final String wireName;

    Period(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Period parse(String text) {
        for (var p : values()) {
            if (p.wireName.equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown budget period '" + text + "' (day or month)");
    }

    /** The first day of the period that contains {@code at}. */
    public LocalDate start(Instant at) {
        var day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return this == DAY ? day : day.withDayOfMonth(1);
    }

    /** When the period that contains {@code at} rolls over. */
    public Instant end(Instant at) {
        var start = start(at);
        return (this == DAY ? start.plusDays(1) : start.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
