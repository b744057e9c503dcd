package io.llmq.submitter.web;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the providers page adds to {@code GET /v1/providers}: each deployment's configured limits
 * and their use now ({@code rate_buckets}, {@code call_leases}), and latency percentiles of the
 * tenant's own calls lately, from the ledger (a call's start to its answer's ledger row).
 */
final class ProviderQueries {
    static final Duration LATENCY_WINDOW = Duration.ofMinutes(15);

    record Limits(int rpm, long tpm, int maxConcurrent, double requestsLeft, double tokensLeft, long leases, boolean paused) {
    }

    record Latency(long calls, double p50Ms, double p95Ms, double p99Ms) {
    }

    private final DataSource dataSource;

    ProviderQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Map<String, Limits> limits() throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT b.deployment, b.rpm, b.tpm, b.max_concurrent,
                            least(greatest(1, b.rpm * b.burst_ms / 60000.0),
                                  b.req_level + extract(epoch FROM clock_timestamp() - b.updated_at) * b.rpm / 60.0),
                            least(greatest(1, b.tpm * b.burst_ms / 60000.0),
                                  b.tok_level + extract(epoch FROM clock_timestamp() - b.updated_at) * b.tpm / 60.0),
                            (SELECT count(*) FROM call_leases l WHERE l.deployment = b.deployment AND l.expires_at > now()),
                            coalesce(b.paused_until > now(), false)
                     FROM rate_buckets b""");
             var rs = st.executeQuery()) {
            Map<String, Limits> limits = new HashMap<>();
            while (rs.next()) {
                limits.put(rs.getString(1), new Limits(rs.getInt(2), rs.getLong(3), rs.getInt(4), rs.getDouble(5), rs.getDouble(6),
                        rs.getLong(7), rs.getBoolean(8)));
            }
            return limits;
        }
    }

    /** Per deployment, over {@link #LATENCY_WINDOW}, on the ledger's tenant-and-time index. */
    Map<String, Latency> latency(String tenantId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT deployment, count(*),
                            percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - called_at) * 1000)
                     FROM ledger_entries
                     WHERE tenant_id = ? AND created_at > now() - make_interval(secs => ?) AND kind = 'call' AND called_at IS NOT NULL
                     GROUP BY deployment""")) {
            st.setString(1, tenantId);
            st.setDouble(2, LATENCY_WINDOW.toSeconds());
            Map<String, Latency> latency = new HashMap<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var p = (Double[]) rs.getArray(3).getArray();
                    latency.put(rs.getString(1), new Latency(rs.getLong(2), p[0], p[1], p[2]));
                }
            }
            return latency;
        }
    }
}
