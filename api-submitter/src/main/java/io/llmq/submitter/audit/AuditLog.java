package io.llmq.submitter.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway to {@code audit_log}: who did what, when, from where. Rows are only ever appended.
 * Actors are {@code admin}, {@code key:<key id>} or {@code anonymous}; actions are listed in
 * docs/api.md ({@code tenant.create}, {@code key.issue}, {@code key.revoke}, {@code key.first_use},
 * {@code auth.failed}, {@code admin.auth_failed}).
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** One row as the admin API lists it. */
    public record Entry(long id, String at, String actor, String action, String tenantId, String target,
                        String remoteAddr, String details) {
    }

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends inside the caller's transaction, so the action and its record commit together. */
    public static void append(Connection c, String actor, String action, String tenantId, String target,
                              String remoteAddr, ObjectNode details) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO audit_log (actor, action, tenant_id, target, remote_addr, details)
                VALUES (?, ?, ?, ?, ?, ?::jsonb)""")) {
            st.setString(1, actor);
            st.setString(2, action);
            st.setString(3, tenantId);
            st.setString(4, target);
            st.setString(5, remoteAddr);
            st.setString(6, details == null ? null : Json.toText(details));
            st.executeUpdate();
        }
    }

    /**
     * Appends on its own, for events that are not part of another write (a failed login). A
     * failure to record is logged, not thrown: the request was refused either way.
     */
    public void record(String actor, String action, String tenantId, String target, String remoteAddr, ObjectNode details) {
        try (var c = dataSource.getConnection()) {
            append(c, actor, action, tenantId, target, remoteAddr, details);
        } catch (SQLException e) {
            log.warn("cannot write audit event {} by {}: {}", action, actor, e.toString());
        }
    }

    /** Newest first, at most {@code limit}, optionally of one tenant, before the entry {@code beforeId}. */
    public List<Entry> list(String tenantId, Long beforeId, int limit) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT id, at, actor, action, tenant_id, target, remote_addr, details::text FROM audit_log
                     WHERE (?::text IS NULL OR tenant_id = ?) AND (?::bigint IS NULL OR id < ?)
                     ORDER BY id DESC LIMIT ?""")) {
            st.setString(1, tenantId);
            st.setString(2, tenantId);
            st.setObject(3, beforeId);
            st.setObject(4, beforeId);
            st.setInt(5, limit);
            List<Entry> entries = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant().toString(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            return entries;
        }
    }
}
