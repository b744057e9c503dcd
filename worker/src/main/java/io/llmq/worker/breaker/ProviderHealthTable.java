package io.llmq.worker.breaker;

import io.llmq.worker.ratelimit.InFlightTargets;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;

/** Gateway to {@code provider_health}: this worker's view of each deployment, upserted in place. */
final class ProviderHealthTable {

    private ProviderHealthTable() {
    }

    static void upsert(Connection c, String worker, Collection<DeploymentGuard> guards, InFlightTargets targets)
            throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO provider_health (deployment, worker, provider, breaker_state, failure_rate, slow_call_rate,
                                             window_calls, window_failed, not_permitted, latency_ms, in_flight, concurrency_target,
                                             updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (deployment, worker) DO UPDATE SET
                    provider = excluded.provider, breaker_state = excluded.breaker_state,
                    failure_rate = excluded.failure_rate, slow_call_rate = excluded.slow_call_rate,
                    window_calls = excluded.window_calls, window_failed = excluded.window_failed,
                    not_permitted = excluded.not_permitted, latency_ms = excluded.latency_ms,
                    in_flight = excluded.in_flight, concurrency_target = excluded.concurrency_target,
                    updated_at = now()""")) {
            for (var g : guards) {
                var m = g.breaker().getMetrics();
                st.setString(1, g.deployment());
                st.setString(2, worker);
                st.setString(3, g.provider());
                st.setString(4, g.state());
                rate(st, 5, m.getFailureRate());
                rate(st, 6, m.getSlowCallRate());
                st.setInt(7, m.getNumberOfBufferedCalls());
                st.setInt(8, m.getNumberOfFailedCalls());
                st.setLong(9, m.getNumberOfNotPermittedCalls());
                var latency = g.latencyMillis();
                if (latency < 0) {
                    st.setNull(10, Types.REAL);
                } else {
                    st.setFloat(10, (float) latency);
                }
                st.setInt(11, g.inFlight());
                st.setInt(12, targets.fleetTarget(g.deployment()));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** Resilience4j answers -1 until the window holds its minimum number of calls. */
    private static void rate(java.sql.PreparedStatement st, int index, float value) throws SQLException {
        if (value < 0) {
            st.setNull(index, Types.REAL);
        } else {
            st.setFloat(index, value);
        }
    }
}
