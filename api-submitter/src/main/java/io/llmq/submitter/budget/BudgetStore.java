package io.llmq.submitter.budget;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.audit.AuditLog;
import io.llmq.submitter.http.Decimals;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gateway to {@code budgets} for the API, with what a budget is measured against: the period's
 * spend from the {@code ledger_daily} roll-up and the workers' live reservations.
 */
public final class BudgetStore {
    static final List<String> PERIODS = List.of("day", "month");

    /** One budget as the API shows it. */
    public record View(String tenantId, String period, BigDecimal hardUsd, BigDecimal softUsd, String periodStart,
                       String periodEnd, BigDecimal spentUsd, BigDecimal reservedUsd, boolean softLimitReached) {
    }

    private final DataSource dataSource;

    public BudgetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Sets a tenant's limits for one period and lets its jobs parked over budget try again at once
     * (those still over the new limit park again). Empty when the tenant does not exist.
     */
    public Optional<View> set(String tenantId, String period, BigDecimal hardUsd, BigDecimal softUsd, String remoteAddr)
            throws SQLException {
        var found = Transaction.run(dataSource, c -> {
            if (!tenantExists(c, tenantId)) {
                return false;
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO budgets (tenant_id, period, hard_usd, soft_usd) VALUES (?, ?, ?, ?)
                    ON CONFLICT (tenant_id, period) DO UPDATE SET hard_usd = excluded.hard_usd, soft_usd = excluded.soft_usd,
                                                                 updated_at = now()""")) {
                st.setString(1, tenantId);
                st.setString(2, period);
                st.setObject(3, hardUsd, Types.NUMERIC);
                st.setObject(4, softUsd, Types.NUMERIC);
                st.executeUpdate();
            }
            var details = Json.object().put("period", period);
            details.put("hard_usd", hardUsd == null ? null : Decimals.plain(hardUsd));
            details.put("soft_usd", softUsd == null ? null : Decimals.plain(softUsd));
            AuditLog.append(c, "admin", "budget.set", tenantId, period, remoteAddr, details);
            resumeHeld(c, tenantId);
            return true;
        });
        return found ? list(tenantId).stream().filter(v -> v.period().equals(period)).findFirst() : Optional.empty();
    }

    /** Removes a period's limits; its held jobs try again at once. False when there was none. */
    public boolean remove(String tenantId, String period, String remoteAddr) throws SQLException {
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("DELETE FROM budgets WHERE tenant_id = ? AND period = ?")) {
                st.setString(1, tenantId);
                st.setString(2, period);
                if (st.executeUpdate() == 0) {
                    return false;
                }
            }
            AuditLog.append(c, "admin", "budget.remove", tenantId, period, remoteAddr, null);
            resumeHeld(c, tenantId);
            return true;
        });
    }

    public List<View> list(String tenantId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     WITH bounds AS (
                         SELECT (now() AT TIME ZONE 'UTC')::date AS today,
                                date_trunc('month', now() AT TIME ZONE 'UTC')::date AS month_start
                     ), spend AS (
                         SELECT coalesce(sum(d.cost) FILTER (WHERE d.day = b.today), 0) AS day_cost, coalesce(sum(d.cost), 0) AS month_cost
                         FROM bounds b LEFT JOIN ledger_daily d ON d.tenant_id = ? AND d.day >= b.month_start
                     ), held AS (
                         SELECT coalesce(sum(amount), 0) AS amount FROM budget_holds WHERE tenant_id = ? AND expires_at > now()
                     )
                     SELECT g.period, g.hard_usd, g.soft_usd,
                            CASE WHEN g.period = 'day' THEN b.today ELSE b.month_start END::text,
                            CASE WHEN g.period = 'day' THEN b.today + 1 ELSE (b.month_start + interval '1 month')::date END::text,
                            CASE WHEN g.period = 'day' THEN s.day_cost ELSE s.month_cost END, h.amount,
                            EXISTS (SELECT 1 FROM budget_alerts a WHERE a.tenant_id = g.tenant_id AND a.period = g.period
                                    AND a.period_start = CASE WHEN g.period = 'day' THEN b.today ELSE b.month_start END)
                     FROM budgets g, bounds b, spend s, held h
                     WHERE g.tenant_id = ?
                     ORDER BY g.period""")) {
            st.setString(1, tenantId);
            st.setString(2, tenantId);
            st.setString(3, tenantId);
            List<View> views = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    views.add(new View(tenantId, rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBoolean(8)));
                }
            }
            return views;
        }
    }

    /** Opts a tenant in or out of the response cache; false when the tenant does not exist. */
    public boolean setResponseCache(String tenantId, boolean enabled, String remoteAddr) throws SQLException {
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("UPDATE tenants SET response_cache = ? WHERE id = ?")) {
                st.setBoolean(1, enabled);
                st.setString(2, tenantId);
                if (st.executeUpdate() == 0) {
                    return false;
                }
            }
            AuditLog.append(c, "admin", "tenant.response_cache", tenantId, tenantId, remoteAddr,
                    Json.object().put("enabled", enabled));
            return true;
        });
    }

    static ObjectNode json(View v) {
        var json = Json.object();
        json.put("object", "budget");
        json.put("tenant_id", v.tenantId());
        json.put("period", v.period());
        json.put("hard_usd", v.hardUsd() == null ? null : Decimals.plain(v.hardUsd()));
        json.put("soft_usd", v.softUsd() == null ? null : Decimals.plain(v.softUsd()));
        json.put("period_start", v.periodStart());
        json.put("period_end", v.periodEnd());
        json.put("spent_usd", Decimals.plain(v.spentUsd()));
        json.put("reserved_usd", Decimals.plain(v.reservedUsd()));
        json.put("soft_limit_reached", v.softLimitReached());
        json.put("hard_limit_reached", v.hardUsd() != null && v.spentUsd().add(v.reservedUsd()).compareTo(v.hardUsd()) >= 0);
        return json;
    }

    private static boolean tenantExists(Connection c, String tenantId) throws SQLException {
        try (var st = c.prepareStatement("SELECT 1 FROM tenants WHERE id = ?")) {
            st.setString(1, tenantId);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Jobs parked over budget come back now instead of at the period's end. */
    private static void resumeHeld(Connection c, String tenantId) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE parked_jobs SET next_attempt_at = now()
                WHERE tenant_id = ? AND reason = 'over_budget' AND next_attempt_at > now()""")) {
            st.setString(1, tenantId);
            st.executeUpdate();
        }
    }
}
