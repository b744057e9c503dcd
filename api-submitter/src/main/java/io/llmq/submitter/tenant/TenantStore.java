package io.llmq.submitter.tenant;

import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.route.Route;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.audit.AuditLog;
import io.llmq.submitter.http.ApiError;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gateway to {@code tenants}. Every change is audited in the same transaction. */
public final class TenantStore {
    private static final String COLUMNS = "id, name, max_pending_jobs, max_pending_tokens, created_at, default_route_high, "
            + "default_route_normal, default_route_low";

    private final DataSource dataSource;

    public TenantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public TenantRecord create(String id, String name, Long maxPendingJobs, Long maxPendingTokens, RouteChanges routes,
                               String remoteAddr) throws SQLException {
        return Transaction.run(dataSource, c -> {
            TenantRecord tenant;
            try (var st = c.prepareStatement("""
                    INSERT INTO tenants (id, name, max_pending_jobs, max_pending_tokens, default_route_high, default_route_normal,
                                         default_route_low) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING RETURNING\s""" + COLUMNS)) {
                st.setString(1, id);
                st.setString(2, name);
                st.setObject(3, maxPendingJobs, Types.BIGINT);
                st.setObject(4, maxPendingTokens, Types.BIGINT);
                var column = 5;
                for (var priority : Priority.values()) {
                    st.setString(column++, routes.value(priority));
                }
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiError.conflict("A tenant with id '" + id + "' already exists.");
                    }
                    tenant = read(rs);
                }
            }
            AuditLog.append(c, "admin", "tenant.create", id, id, remoteAddr, Json.object().put("name", name));
            return tenant;
        });
    }

    /**
     * Sets the limit overrides and the default routes in one change; a null leaves that limit as it
     * is, {@code clear*} puts it back to the default; a class {@code routes} does not name keeps its route.
     */
    public Optional<TenantRecord> update(String id, Long maxPendingJobs, boolean clearJobs, Long maxPendingTokens,
                                         boolean clearTokens, RouteChanges routes, String remoteAddr) throws SQLException {
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("""
                    UPDATE tenants SET max_pending_jobs = CASE WHEN ? THEN NULL ELSE coalesce(?, max_pending_jobs) END,
                                       max_pending_tokens = CASE WHEN ? THEN NULL ELSE coalesce(?, max_pending_tokens) END,
                                       default_route_high = CASE WHEN ? THEN ? ELSE default_route_high END,
                                       default_route_normal = CASE WHEN ? THEN ? ELSE default_route_normal END,
                                       default_route_low = CASE WHEN ? THEN ? ELSE default_route_low END
                    WHERE id = ? RETURNING\s""" + COLUMNS)) {
                st.setBoolean(1, clearJobs);
                st.setObject(2, maxPendingJobs, Types.BIGINT);
                st.setBoolean(3, clearTokens);
                st.setObject(4, maxPendingTokens, Types.BIGINT);
                var column = 5;
                for (var priority : Priority.values()) {
                    st.setBoolean(column++, routes.changes(priority));
                    st.setString(column++, routes.value(priority));
                }
                st.setString(column, id);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<TenantRecord>empty();
                    }
                    var tenant = read(rs);
                    var details = Json.object();
                    details.put("max_pending_jobs", tenant.maxPendingJobs());
                    details.put("max_pending_tokens", tenant.maxPendingTokens());
                    var defaultRoute = details.putObject("default_route");
                    tenant.defaultRoutes().forEach((priority, route) -> defaultRoute.put(priority.wireName(), route.wireName()));
                    AuditLog.append(c, "admin", "tenant.update", id, id, remoteAddr, details);
                    return Optional.of(tenant);
                }
            }
        });
    }

    public Optional<TenantRecord> find(String id) throws SQLException {
        try (var c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    /** Within the caller's transaction: batch admission reads the limit overrides this way. */
    public static Optional<TenantRecord> find(Connection c, String id) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM tenants WHERE id = ?")) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<TenantRecord> list() throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT " + COLUMNS + " FROM tenants ORDER BY created_at, id")) {
            List<TenantRecord> tenants = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    tenants.add(read(rs));
                }
            }
            return tenants;
        }
    }

    private static TenantRecord read(ResultSet rs) throws SQLException {
        Map<Priority, Route> routes = new EnumMap<>(Priority.class);
        var column = 6;
        for (var priority : Priority.values()) {
            var route = rs.getString(column++);
            if (route != null) {
                routes.put(priority, Route.parse(route).orElseThrow());
            }
        }
        return new TenantRecord(rs.getString(1), rs.getString(2), rs.getObject(3, Long.class),
                rs.getObject(4, Long.class), routes, rs.getTimestamp(5).toInstant());
    }
}
