package io.llmq.worker.ratelimit;

import io.llmq.schema.catalogue.Deployment;
import io.llmq.schema.catalogue.DeploymentLimits;
import io.llmq.schema.catalogue.QuotaDay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * The deployments' daily quotas ({@code rpd}, {@code tpd}), held for the sum of all worker
 * replicas in {@code daily_quota_use}: every call to a deployment with a quota takes one request
 * and its token bound (the same one the per-minute permit reserves) from the day's row, in one
 * statement under its lock, and only while the day has room; the answer settles the tokens to the
 * real usage. The database is the only authority, so no replica can overshoot the quota by
 * anything it holds locally: the requests of a day never exceed {@code rpd}, its tokens exceed
 * {@code tpd} only by what calls used beyond their bound (or one call bigger than the whole quota,
 * let through at the start of a day).
 *
 * <p>This worker remembers what it last saw of each deployment's day, for the meters and for the
 * pool's choice: a deployment seen spent gets no job while another has room, for
 * {@link #SPENT_MARK} or until the reset, whichever comes first (then one call asks again).
 *
 * <p>The day is cut by {@code clock} (the reset is {@code daily_reset_hour}:00 UTC); tests move it.
 */
public final class DailyQuotas {
    private static final Logger log = LoggerFactory.getLogger(DailyQuotas.class);
    /** How long a deployment seen spent is left out of its pools before a call asks again (limits may be raised, tokens settle back). */
    static final Duration SPENT_MARK = Duration.ofSeconds(5);

    private final Map<String, DeploymentLimits> limitsNow = new ConcurrentHashMap<>();
    private final DailyQuotaTable table;
    private final Clock clock;
    private final Ticker ticker;
    private final Duration recheck;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** The last use of a deployment's day this worker saw; whether it was spent then, and when (ticker nanos). */
    record Seen(QuotaDay day, DailyQuotaTable.Use use, boolean spent, long markedAt) {
    }

    /** @param recheck how long a job parked on a spent quota waits at most before it asks again ({@code LLMQ_DAILY_QUOTA_RECHECK_MS}) */
    public DailyQuotas(DataSource dataSource, Clock clock, Duration recheck) {
        this(new DailyQuotaTable(dataSource), clock, Ticker.SYSTEM, recheck);
    }

    DailyQuotas(DailyQuotaTable table, Clock clock, Ticker ticker, Duration recheck) {
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("LLMQ_DAILY_QUOTA_RECHECK_MS must be positive, got " + recheck.toMillis());
        }
        this.table = table;
        this.clock = clock;
        this.ticker = ticker;
        this.recheck = recheck;
    }

    /**
     * How long a job whose every deployment is spent parks at most before it asks again, when the
     * reset is further away: a quota raised in the catalogue, or tokens given back by calls that
     * used less than their bound, let it run before the reset.
     */
    public Duration recheck() {
        return recheck;
    }

    /**
     * Counts one call of about {@code tokens} (asked only when {@code tpd} is set) against the
     * deployment's quota for today. {@code limits} are read at each call, so a changed catalogue
     * applies to the next one.
     */
    public QuotaCharge take(String deployment, DeploymentLimits limits, IntSupplier tokens) {
        if (!limits.dailyQuota()) {
            return QuotaCharge.Taken.UNCOUNTED;
        }
        var now = clock.instant();
        var day = QuotaDay.at(now, limits.dailyResetHour());
        long bound = limits.tpd() > 0 ? tokens.getAsInt() : 0;
        try {
            var taken = table.take(deployment, day.start(), limits.rpd(), limits.tpd(), bound);
            if (taken.isEmpty()) {
                markSpent(deployment, day, null);
                return new QuotaCharge.Spent(day.end(), Duration.between(now, day.end()));
            }
            var use = taken.get();
            var full = (limits.rpd() > 0 && use.requests() >= limits.rpd()) || (limits.tpd() > 0 && use.tokens() >= limits.tpd());
            if (full) {
                markSpent(deployment, day, use); // this call took the last of it: the next job goes elsewhere without asking
            } else {
                // this worker's calls take at once: one that took an earlier request of the day (fewer
                // counted) and records after a later one must not replace it, nor undo its spent mark
                seen.merge(deployment, new Seen(day, use, false, 0), (old, mine) -> old.day().equals(day)
                        && old.use().requests() > use.requests() ? old : mine);
            }
            return new QuotaCharge.Taken(new DailyPermit.Count(this, deployment, day, bound));
        } catch (SQLException e) {
            log.warn("daily quota of {} unreadable: {}", deployment, e.toString());
            return new QuotaCharge.Unavailable(e.toString());
        }
    }

    /** Whether this worker saw the deployment's quota spent lately (and the day has not turned since). */
    public boolean spent(String deployment) {
        var s = seen.get(deployment);
        return s != null && s.spent() && ticker.nanos() - s.markedAt() < SPENT_MARK.toNanos() && s.day().end().isAfter(clock.instant());
    }

    /** Requests of today this worker last saw counted (0 once the day has turned). */
    long requestsUsed(String deployment) {
        return today(deployment).requests();
    }

    long tokensUsed(String deployment) {
        return today(deployment).tokens();
    }

    private DailyQuotaTable.Use today(String deployment) {
        var s = seen.get(deployment);
        return s == null || !s.day().end().isAfter(clock.instant()) ? DailyQuotaTable.Use.NONE : s.use();
    }

    private void markSpent(String deployment, QuotaDay day, DailyQuotaTable.Use use) {
        var at = ticker.nanos();
        var before = seen.get(deployment);
        seen.compute(deployment, (d, old) -> new Seen(day, use != null ? use : old != null && old.day().equals(day) ? old.use()
                : DailyQuotaTable.Use.NONE, true, at));
        if (before == null || !before.spent() || !before.day().equals(day)) {
            log.info("deployment {} has spent its daily quota; it gets no calls until the reset at {}", deployment, day.end());
        }
    }

    /**
     * Meters per deployment with a daily quota: the day's requests and tokens used, as of this
     * worker's last call there (the fleet's figure is the highest over the workers), and the quotas.
     */
    public void bindTo(MeterRegistry registry, Collection<Deployment> deployments) {
        for (var d : deployments) {
            // the gauges read the limits of the catalogue version seen last; a quota set later gets its gauges then
            limitsNow.put(d.name(), d.limits());
            if (!d.limits().dailyQuota()) {
                continue;
            }
            Gauge.builder("llmq.ratelimit.daily.requests.used", this, q -> q.requestsUsed(d.name())).tag("deployment", d.name())
                    .description("Requests of the deployment's quota day used so far, as this worker last saw it").register(registry);
            Gauge.builder("llmq.ratelimit.daily.tokens.used", this, q -> q.tokensUsed(d.name())).tag("deployment", d.name())
                    .description("Tokens of the deployment's quota day used so far (counted only with a tpd), as this worker last saw it")
                    .register(registry);
            Gauge.builder("llmq.ratelimit.limit.requests.per.day", limitsNow, l -> l.get(d.name()).rpd()).tag("deployment", d.name())
                    .description("Configured requests per day of the deployment (0 = no daily quota)").register(registry);
            Gauge.builder("llmq.ratelimit.limit.tokens.per.day", limitsNow, l -> l.get(d.name()).tpd()).tag("deployment", d.name())
                    .description("Configured tokens per day of the deployment (0 = no daily quota)").register(registry);
        }
    }

    /** A call's count goes back, whole (not made) or in part (the tokens it did not use). */
    void putBack(DailyPermit.Count count, int requests, long tokens) {
        if (requests == 0 && tokens == 0) {
            return;
        }
        try {
            var use = table.giveBack(count.deployment(), count.day().start(), requests, tokens);
            seen.computeIfPresent(count.deployment(), (d, old) -> old.day().equals(count.day())
                    ? new Seen(old.day(), use, old.spent(), old.markedAt()) : old);
        } catch (SQLException e) {
            // Not fatal: the day's use stays counted high, which only holds the quota tighter.
            log.warn("could not give back {} requests and {} tokens of the daily quota of {}: {}", requests, tokens,
                    count.deployment(), e.toString());
        }
    }
}
