package io.llmq.worker.budget;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The worker's SQL over {@code budgets}, {@code budget_holds} and the {@code ledger_daily} roll-up. */
final class BudgetTables {

    private BudgetTables() {
    }

    /** Every tenant that has a budget row. Few rows: tenants without a budget have none. */
    static Map<String, Limits> limits(Connection c) throws SQLException {
        Map<String, Limits.Builder> builders = new HashMap<>();
        try (var st = c.prepareStatement("SELECT tenant_id, period, hard_usd, soft_usd FROM budgets");
             var rs = st.executeQuery()) {
            while (rs.next()) {
                builders.computeIfAbsent(rs.getString(1), t -> new Limits.Builder())
                        .add(Period.parse(rs.getString(2)), rs.getBigDecimal(3), rs.getBigDecimal(4));
            }
        }
        Map<String, Limits> limits = new HashMap<>();
        builders.forEach((tenant, b) -> limits.put(tenant, b.build()));
        return limits;
    }

    /** One tenant's limits, its budget rows locked: grants for one tenant are made one at a time. */
    static Limits lockLimits(Connection c, String tenantId) throws SQLException {
        var builder = new Limits.Builder();
        try (var st = c.prepareStatement("SELECT period, hard_usd, soft_usd FROM budgets WHERE tenant_id = ? ORDER BY period FOR UPDATE")) {
            st.setString(1, tenantId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    builder.add(Period.parse(rs.getString(1)), rs.getBigDecimal(2), rs.getBigDecimal(3));
                }
            }
        }
        return builder.build();
    }

    /** The tenant's ledger cost this UTC day and this UTC month, from the daily roll-up. */
    static Spent spent(Connection c, String tenantId) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT coalesce(sum(cost) FILTER (WHERE day = (now() AT TIME ZONE 'UTC')::date), 0), coalesce(sum(cost), 0)
                FROM ledger_daily
                WHERE tenant_id = ? AND day >= date_trunc('month', now() AT TIME ZONE 'UTC')::date""")) {
            st.setString(1, tenantId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new Spent(rs.getBigDecimal(1), rs.getBigDecimal(2));
            }
        }
    }

    /** What the other workers hold for the tenant; a dead worker's hold stops counting when it expires. */
    static BigDecimal heldByOthers(Connection c, String tenantId, String worker) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT coalesce(sum(amount), 0) FROM budget_holds
                WHERE tenant_id = ? AND worker <> ? AND expires_at > now()""")) {
            st.setString(1, tenantId);
            st.setString(2, worker);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    static void hold(Connection c, String tenantId, String worker, BigDecimal amount, Duration ttl) throws SQLException {
        if (amount.signum() <= 0) {
            try (var st = c.prepareStatement("DELETE FROM budget_holds WHERE tenant_id = ? AND worker = ?")) {
                st.setString(1, tenantId);
                st.setString(2, worker);
                st.executeUpdate();
            }
            return;
        }
        try (var st = c.prepareStatement("""
                INSERT INTO budget_holds (tenant_id, worker, amount, expires_at)
                VALUES (?, ?, ?, now() + make_interval(secs => ?))
                ON CONFLICT (tenant_id, worker) DO UPDATE SET amount = excluded.amount, expires_at = excluded.expires_at""")) {
            st.setString(1, tenantId);
            st.setString(2, worker);
            st.setObject(3, amount, Types.NUMERIC);
            st.setDouble(4, ttl.toMillis() / 1000.0);
            st.executeUpdate();
        }
    }

    static void releaseAll(Connection c, String worker) throws SQLException {
        try (var st = c.prepareStatement("DELETE FROM budget_holds WHERE worker = ?")) {
            st.setString(1, worker);
            st.executeUpdate();
        }
    }

    /**
     * Records that a soft limit was reached in this period; empty when it was already recorded (by
     * this or another worker), so the event goes out once.
     */
    static Optional<String> recordAlert(Connection c, String tenantId, Period period, BigDecimal limit, BigDecimal spent)
            throws SQLException {
        var periodStart = period == Period.DAY ? "(now() AT TIME ZONE 'UTC')::date" : "date_trunc('month', now() AT TIME ZONE 'UTC')::date";
        try (var st = c.prepareStatement("INSERT INTO budget_alerts (tenant_id, period, period_start, limit_usd, spent_usd) VALUES (?, ?, "
                + periodStart + ", ?, ?) ON CONFLICT DO NOTHING RETURNING period_start::text")) {
            st.setString(1, tenantId);
            st.setString(2, period.wireName());
            st.setObject(3, limit, Types.NUMERIC);
            st.setObject(4, spent, Types.NUMERIC);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
