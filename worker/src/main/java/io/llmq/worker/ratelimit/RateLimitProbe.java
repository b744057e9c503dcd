package io.llmq.worker.ratelimit;

import io.llmq.schema.catalogue.Deployment;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Direct access to the limiter's store, for tests and the benchmark that must look at the shared
 * buckets the way a replica does. Not used by the worker itself.
 */
public final class RateLimitProbe {

    private RateLimitProbe() {
    }

    public static void sync(DataSource db, Collection<Deployment> deployments) throws SQLException {
        new RateLimitStore(db).sync(deployments);
    }

    public static long take(DataSource db, String deployment, int tokens, double reserve) throws SQLException {
        return new RateLimitStore(db).take(deployment, tokens, reserve, UUID.randomUUID(), Duration.ofSeconds(60), false, 1.0);
    }

    /** A take by a class: {@code urgent} for high priority; {@code minShare} of a lower class. */
    public static long take(DataSource db, String deployment, boolean urgent, double minShare) throws SQLException {
        return new RateLimitStore(db).take(deployment, 1, 0, UUID.randomUUID(), Duration.ofSeconds(60), urgent, minShare);
    }

    /** A take holding {@code lease} (a deployment with {@code max_concurrent} keeps it until settled or given back). */
    public static long take(DataSource db, String deployment, UUID lease) throws SQLException {
        return new RateLimitStore(db).take(deployment, 1, 0, lease, Duration.ofSeconds(60), false, 1.0);
    }

    public static void settle(DataSource db, String deployment, int unusedTokens, UUID lease) throws SQLException {
        new RateLimitStore(db).settle(deployment, unusedTokens, lease);
    }

    public static void giveBack(DataSource db, String deployment, int reservedTokens, UUID lease) throws SQLException {
        new RateLimitStore(db).giveBack(deployment, reservedTokens, lease);
    }

    public static void settle(DataSource db, String deployment, int unusedTokens) throws SQLException {
        new RateLimitStore(db).settle(deployment, unusedTokens, UUID.randomUUID());
    }

    public static void pause(DataSource db, String deployment, Duration wait) throws SQLException {
        new RateLimitStore(db).pause(deployment, wait, "test");
    }

    public static Map<String, Long> cooldowns(DataSource db) throws SQLException {
        return new RateLimitStore(db).cooldowns();
    }
}
