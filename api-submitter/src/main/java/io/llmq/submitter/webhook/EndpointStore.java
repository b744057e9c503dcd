package io.llmq.submitter.webhook;

import io.llmq.schema.Ids;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.audit.AuditLog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Gateway to {@code webhook_endpoints} for the API. Every read and write names the tenant, so an
 * id of another tenant's endpoint is simply not found. Creating, rotating, enabling and deleting
 * are written to the audit log.
 */
final class EndpointStore {
    /** Each endpoint is one more delivery per batch end: a bound keeps one tenant from multiplying them. */
    static final int MAX_PER_TENANT = 20;
    private static final String COLUMNS = """
            id, url, events, enabled, disabled_reason, consecutive_failures, created_at,
            CASE WHEN previous_secret_until > now() THEN previous_secret_until END""";

    private final DataSource dataSource;

    EndpointStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Empty when the tenant already has {@link #MAX_PER_TENANT} endpoints. */
    Optional<Endpoint> create(String tenantId, NewEndpoint request, String remoteAddr) throws SQLException {
        var id = "we_" + Ids.random(24);
        var secret = Secrets.next();
        return Transaction.run(dataSource, c -> {
            try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints'), hashtext(?))")) {
                lock.setString(1, tenantId); // two creates at once cannot both pass the count
                lock.execute();
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret)
                    SELECT ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM webhook_endpoints WHERE tenant_id = ?) < ?""")) {
                st.setString(1, id);
                st.setString(2, tenantId);
                st.setString(3, request.url());
                st.setArray(4, c.createArrayOf("text", request.events().toArray()));
                st.setString(5, secret);
                st.setString(6, tenantId);
                st.setInt(7, MAX_PER_TENANT);
                if (st.executeUpdate() == 0) {
                    return Optional.<Endpoint>empty();
                }
            }
            audit(c, "webhook_endpoint.create", tenantId, id, remoteAddr);
            return find(c, tenantId, id).map(e -> e.withSecret(secret, null));
        });
    }

    Optional<Endpoint> find(String tenantId, String id) throws SQLException {
        try (var c = dataSource.getConnection()) {
            return find(c, tenantId, id);
        }
    }

    List<Endpoint> list(String tenantId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = ? ORDER BY created_at DESC, id DESC")) {
            st.setString(1, tenantId);
            List<Endpoint> endpoints = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    endpoints.add(endpoint(rs));
                }
            }
            return endpoints;
        }
    }

    boolean delete(String tenantId, String id, String remoteAddr) throws SQLException {
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("DELETE FROM webhook_endpoints WHERE tenant_id = ? AND id = ?")) {
                st.setString(1, tenantId);
                st.setString(2, id);
                if (st.executeUpdate() == 0) {
                    return false;
                }
            }
            audit(c, "webhook_endpoint.delete", tenantId, id, remoteAddr);
            return true;
        });
    }

    /** A new secret; the one it replaces keeps signing beside it for {@code grace}. */
    Optional<Endpoint> rotate(String tenantId, String id, Duration grace, String remoteAddr) throws SQLException {
        var secret = Secrets.next();
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("""
                    UPDATE webhook_endpoints SET previous_secret = secret, secret = ?,
                                                 previous_secret_until = now() + make_interval(secs => ?)
                    WHERE tenant_id = ? AND id = ?""")) {
                st.setString(1, secret);
                st.setDouble(2, grace.toSeconds());
                st.setString(3, tenantId);
                st.setString(4, id);
                if (st.executeUpdate() == 0) {
                    return Optional.<Endpoint>empty();
                }
            }
            audit(c, "webhook_endpoint.rotate_secret", tenantId, id, remoteAddr);
            return find(c, tenantId, id).map(e -> e.withSecret(secret, e.previousSecretUntil()));
        });
    }

    /** Switches an endpoint (back) on with a clean failure count; events that ended while it was off are not re-sent. */
    Optional<Endpoint> enable(String tenantId, String id, String remoteAddr) throws SQLException {
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("""
                    UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, disabled_at = NULL,
                                                 consecutive_failures = 0, failing_since = NULL
                    WHERE tenant_id = ? AND id = ?""")) {
                st.setString(1, tenantId);
                st.setString(2, id);
                if (st.executeUpdate() == 0) {
                    return Optional.<Endpoint>empty();
                }
            }
            audit(c, "webhook_endpoint.enable", tenantId, id, remoteAddr);
            return find(c, tenantId, id);
        });
    }

    private static Optional<Endpoint> find(Connection c, String tenantId, String id) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = ? AND id = ?")) {
            st.setString(1, tenantId);
            st.setString(2, id);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(endpoint(rs)) : Optional.empty();
            }
        }
    }

    private static Endpoint endpoint(ResultSet rs) throws SQLException {
        var events = Arrays.asList((String[]) rs.getArray(3).getArray());
        return new Endpoint(rs.getString(1), rs.getString(2), List.copyOf(events), rs.getBoolean(4), rs.getString(5), rs.getInt(6),
                rs.getTimestamp(7).toInstant(), null, instant(rs.getTimestamp(8)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void audit(Connection c, String action, String tenantId, String id, String remoteAddr) throws SQLException {
        AuditLog.append(c, "tenant", action, tenantId, id, remoteAddr, null);
    }
}
