package io.llmq.submitter.usage;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.schema.db.Timestamps;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.Routes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /v1/usage?start=&end=&group_by=model|day|batch|day,model}: the calling tenant's billed calls,
 * tokens and exact cost over {@code [start, end)}. Times are RFC 3339, a date ({@code 2026-01-31},
 * midnight UTC) or Unix seconds; the default window is the last 30 days.
 */
public final class UsageRoutes implements Routes {
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration MAX_WINDOW = Duration.ofDays(400);

    private final UsageQuery query;
    private final Clock clock;

    public UsageRoutes(UsageQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/usage", this::usage);
    }

    private void usage(Context ctx) throws Exception {
        var end = time(ctx.queryParam("end"), "end", clock.instant());
        var start = time(ctx.queryParam("start"), "start", end.minus(DEFAULT_WINDOW));
        if (!start.isBefore(end)) {
            throw ApiError.invalid("start", "start must be before end.");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ApiError.invalid("start", "The window from start to end may be at most " + MAX_WINDOW.toDays() + " days.");
        }
        ctx.json(query.usage(Authenticator.tenant(ctx).id(), start, end, groupBy(ctx.queryParam("group_by"))));
    }

    static UsageQuery.GroupBy groupBy(String text) {
        if (text == null || text.isBlank()) {
            return UsageQuery.GroupBy.MODEL;
        }
        return switch (Params.keyword(text, "group_by").replace(" ", "")) {
            case "model" -> UsageQuery.GroupBy.MODEL;
            case "day" -> UsageQuery.GroupBy.DAY;
            case "batch" -> UsageQuery.GroupBy.BATCH;
            case "day,model", "model,day" -> UsageQuery.GroupBy.DAY_MODEL;
            default -> throw ApiError.invalid("group_by", "group_by must be model, day, batch or day,model.");
        };
    }

    static Instant time(String text, String param, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        var value = text.trim();
        Instant instant;
        try {
            if (value.chars().allMatch(Character::isDigit) && value.length() <= 12) {
                instant = Instant.ofEpochSecond(Long.parseLong(value));
            } else if (value.length() == 10) {
                instant = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                instant = OffsetDateTime.parse(value).toInstant();
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiError.invalid(param, param + " must be an RFC 3339 time, a date (YYYY-MM-DD) or Unix seconds.");
        }
        if (!Timestamps.storable(instant)) {
            throw ApiError.invalid(param, param + " must be between the years 1 and 9999, got '" + Params.shorten(value) + "'.");
        }
        return instant;
    }
}
