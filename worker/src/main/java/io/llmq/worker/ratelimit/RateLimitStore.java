package io.llmq.worker.ratelimit;

import io.llmq.schema.catalogue.Deployment;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Gateway to {@code rate_buckets} and {@code call_leases}: the limiter's state lives in Postgres so
 * that a limit holds for the sum of all worker replicas. Every take is one round trip to
 * {@code llmq_take_permit}, which refills, checks and consumes both buckets under one row lock.
 */
public final class RateLimitStore extends PermitStore {
    private final DataSource dataSource;

    public RateLimitStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes the catalogue's limits, keeping the current bucket levels of deployments that exist,
     * and drops buckets of deployments that are no longer limited. Idempotent; every worker runs it
     * at start-up.
     */
    public void sync(Collection<Deployment> deployments) throws SQLException {
        try (var c = dataSource.getConnection()) {
            for (var d : deployments) {
                var l = d.limits();
                if (!l.limited()) {
                    try (var st = c.prepareStatement("DELETE FROM rate_buckets WHERE deployment = ?")) {
                        st.setString(1, d.name());
                        st.executeUpdate();
                    }
                    continue;
                }
                try (var st = c.prepareStatement("""
                        INSERT INTO rate_buckets (deployment, rpm, tpm, max_concurrent, burst_ms, req_level, tok_level)
                        VALUES (?, ?, ?, ?, ?, 0, 0)
                        ON CONFLICT (deployment) DO UPDATE SET rpm = excluded.rpm, tpm = excluded.tpm,
                            max_concurrent = excluded.max_concurrent, burst_ms = excluded.burst_ms""")) {
                    st.setString(1, d.name());
                    st.setInt(2, l.rpm());
                    st.setLong(3, l.tpm());
                    st.setInt(4, l.maxConcurrent());
                    st.setInt(5, (int) l.burst().toMillis());
                    st.executeUpdate();
                }
            }
        }
    }

    /**
     * 0 when granted (and, for concurrency-limited deployments, {@code lease} taken), else ms to
     * wait. {@code urgent} marks a high-priority call: while such calls wait on any replica, lower
     * classes get only {@code minShare} of the grants.
     */
    @Override
    long take(String deployment, int tokens, double reserve, UUID lease, Duration leaseFor, boolean urgent,
              double minShare) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT llmq_take_permit(?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, deployment);
            st.setDouble(2, tokens);
            st.setDouble(3, reserve);
            st.setObject(4, lease);
            st.setDouble(5, leaseFor.toMillis() / 1000.0);
            st.setBoolean(6, urgent);
            st.setDouble(7, minShare);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Returns what was reserved but not used (or charges what was used beyond the reservation, when
     * {@code unusedTokens} is negative), and frees the concurrency lease.
     */
    @Override
    void settle(String deployment, int unusedTokens, UUID lease) throws SQLException {
        returnToBuckets(deployment, 0, unusedTokens, lease);
    }

    /** A permit whose call was never made: its request and its tokens go back into the buckets. */
    @Override
    void giveBack(String deployment, int reservedTokens, UUID lease) throws SQLException {
        returnToBuckets(deployment, 1, reservedTokens, lease);
    }

    /**
     * One statement, one round trip: frees the lease (if the deployment limits concurrency, the
     * take inserted one) and puts requests and tokens back. A call settles once per call, so at
     * 30,000 RPM this runs 500 times a second on the deployment's one bucket row.
     */
    private void returnToBuckets(String deployment, int requests, int tokens, UUID lease) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     WITH freed AS (DELETE FROM call_leases WHERE id = ?)
                     UPDATE rate_buckets SET req_level = req_level + ?, tok_level = tok_level + ?
                     WHERE deployment = ? AND (? <> 0 OR ? <> 0)""")) {
            st.setObject(1, lease, Types.OTHER);
            st.setInt(2, requests);
            st.setDouble(3, tokens);
            st.setString(4, deployment);
            st.setInt(5, requests);
            st.setDouble(6, tokens);
            st.executeUpdate();
        }
    }

    /**
     * Pauses the deployment for every replica: a provider's 429 means its bucket is empty now. The
     * pause goes into the limiter's own bucket (limited deployments) and into the cooldown table
     * that unlimited deployments' gates poll.
     *
     * <p>The buckets are emptied as of now (a debt is kept, less what has refilled since it was
     * made) and refill from now, as the provider's do, so that the first call after the pause is
     * let through after {@code wait}, or one request's refill when that is longer. The class
     * reserves then grow back with the refill (V9) instead of being required in full at once:
     * a 429 stops no class for longer than the provider asked.
     */
    @Override
    void pause(String deployment, Duration wait, String reason) throws SQLException {
        try (var c = dataSource.getConnection()) {
            try (var st = c.prepareStatement("""
                    UPDATE rate_buckets SET paused_until = greatest(coalesce(paused_until, clock_timestamp()),
                                                                   clock_timestamp() + make_interval(secs => ?)),
                           req_level = least(0, req_level + greatest(0, extract(epoch FROM clock_timestamp() - updated_at)) * rpm / 60.0),
                           tok_level = least(0, tok_level + greatest(0, extract(epoch FROM clock_timestamp() - updated_at)) * tpm / 60.0),
                           updated_at = clock_timestamp()
                    WHERE deployment = ?""")) {
                st.setDouble(1, wait.toMillis() / 1000.0);
                st.setString(2, deployment);
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO deployment_cooldowns (deployment, paused_until, reason)
                    VALUES (?, clock_timestamp() + make_interval(secs => ?), ?)
                    ON CONFLICT (deployment) DO UPDATE
                    SET paused_until = greatest(deployment_cooldowns.paused_until, excluded.paused_until), reason = excluded.reason""")) {
                st.setString(1, deployment);
                st.setDouble(2, wait.toMillis() / 1000.0);
                st.setString(3, reason);
                st.executeUpdate();
            }
        }
    }

    /** Milliseconds each paused deployment has left, by the database's clock. */
    @Override
    java.util.Map<String, Long> cooldowns() throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT deployment, ceil(extract(epoch FROM (paused_until - clock_timestamp())) * 1000)::bigint
                     FROM deployment_cooldowns WHERE paused_until > clock_timestamp()""");
             var rs = st.executeQuery()) {
            java.util.Map<String, Long> left = new java.util.HashMap<>();
            while (rs.next()) {
                left.put(rs.getString(1), rs.getLong(2));
            }
            return left;
        }
    }
}
