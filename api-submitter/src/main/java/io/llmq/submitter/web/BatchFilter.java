package io.llmq.submitter.web;

import io.javalin.http.Context;
import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;
import io.llmq.submitter.http.Params;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the batch list shows: the filters of its form and where the page starts. Every field is
 * optional; a bad one is an {@link Invalid} naming the field, shown above the form (never a 500).
 *
 * @param from   first UTC day shown (inclusive), as {@code YYYY-MM-DD}
 * @param to     last UTC day shown (inclusive)
 * @param search a batch id, or a {@code custom_id} of one of the batch's requests that has ended
 * @param after  the keyset cursor: the last row of the previous page, or null for the newest
 */
record BatchFilter(String status, LocalDate from, LocalDate to, String model, String priority, String metaKey,
                   String metaValue, String search, Cursor after) {

    /** The last row shown: {@code created_at} in microseconds and the id, which breaks ties. */
    record Cursor(Instant createdAt, String id) {
        String text() {
            var micros = createdAt.getEpochSecond() * 1_000_000 + createdAt.getNano() / 1_000;
            return micros + "_" + id;
        }

        static Cursor parse(String text) {
            var cut = text.indexOf('_');
            try {
                var micros = Long.parseLong(text.substring(0, Math.max(cut, 0)));
                return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L),
                        text.substring(cut + 1));
            } catch (NumberFormatException e) {
                throw new Invalid("after", "is not a page cursor of this list (follow the 'Older' link)");
            }
        }
    }

    /** A filter value the list cannot use; the message names the field. */
    static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String message) {
            super(field + " " + message);
            this.field = field;
        }
    }

    static BatchFilter of(Context ctx) {
        var status = text(ctx, "status");
        if (status != null) {
            try {
                BatchStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw new Invalid("status", "'" + status + "' is not a batch status");
            }
        }
        var priority = text(ctx, "priority");
        if (priority != null) {
            try {
                priority = Priority.parse(priority).wireName();
            } catch (IllegalArgumentException e) {
                throw new Invalid("priority", "'" + priority + "' is not a priority (high, normal, low)");
            }
        }
        var metaKey = text(ctx, "meta_key");
        var metaValue = text(ctx, "meta_value");
        if (metaKey == null && metaValue != null) {
            throw new Invalid("meta_key", "is needed with meta_value");
        }
        var from = day(ctx, "from");
        var to = day(ctx, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw new Invalid("to", "is before from");
        }
        var after = text(ctx, "after");
        return new BatchFilter(status, from, to, text(ctx, "model"), priority, metaKey, metaValue, text(ctx, "q"),
                after == null ? null : Cursor.parse(after));
    }

    Instant fromInstant() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant toInstant() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The same filters from another page start: the 'Older' link. */
    BatchFilter after(Cursor cursor) {
        return new BatchFilter(status, from, to, model, priority, metaKey, metaValue, search, cursor);
    }

    /** The filters as a query string (without the cursor unless set), for links that keep them. */
    String query() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("status", status);
        params.put("from", from == null ? null : from.toString());
        params.put("to", to == null ? null : to.toString());
        params.put("model", model);
        params.put("priority", priority);
        params.put("meta_key", metaKey);
        params.put("meta_value", metaValue);
        params.put("q", search);
        params.put("after", after == null ? null : after.text());
        return params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String text(Context ctx, String name) {
        var value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > Params.MAX_ID_LENGTH) {
            throw new Invalid(name, "is longer than " + Params.MAX_ID_LENGTH + " characters");
        }
        return value.trim();
    }

    private static LocalDate day(Context ctx, String name) {
        var value = text(ctx, name);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new Invalid(name, "'" + value + "' is not a day as YYYY-MM-DD");
        }
    }
}
