package io.llmq.submitter.web;

import io.llmq.schema.Json;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch list's reads (both APIs' batches of one tenant): a filtered page by keyset, newest
 * first, on {@code batches_tenant_list} / {@code batches_tenant_status_list} (V16), and the
 * current counts of the rows a page shows, which {@code app.js} polls while some of them run.
 */
final class BatchListQuery {
    static final int PAGE = 50;
    static final int MAX_LIVE_IDS = 100;
    private static final String COLUMNS = """
            SELECT id, dialect, status, total, completed, failed, cancelled, expired, cost, created_at, model, priority,
                   input_tokens, output_tokens, held_reason FROM batches""";

    record Row(String id, String dialect, String status, int total, int completed, int failed, int cancelled, int expired,
               BigDecimal cost, Instant createdAt, String model, String priority, long inputTokens, long outputTokens,
               String heldReason) {
        int done() {
            return completed + failed + cancelled + expired;
        }
    }

    /** One page, and the cursor of the next one (null on the last page). */
    record Page(List<Row> rows, BatchFilter.Cursor next) {
    }

    private final DataSource dataSource;

    BatchListQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Page page(String tenantId, BatchFilter f) throws SQLException {
        var sql = new StringBuilder(COLUMNS).append(" WHERE tenant_id = ? AND deleted_at IS NULL");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        where(sql, args, f.status(), " AND status = ?");
        where(sql, args, f.fromInstant() == null ? null : Timestamp.from(f.fromInstant()), " AND created_at >= ?");
        where(sql, args, f.toInstant() == null ? null : Timestamp.from(f.toInstant()), " AND created_at < ?");
        where(sql, args, f.model(), " AND model = ?");
        where(sql, args, f.priority(), " AND priority = ?");
        if (f.metaKey() != null) {
            // containment: {"key": "value"}, or only the key's presence when no value is given
            if (f.metaValue() != null) {
                where(sql, args, Json.toText(Json.object().put(f.metaKey(), f.metaValue())), " AND metadata @> ?::jsonb");
            } else {
                where(sql, args, f.metaKey(), " AND metadata ? ?");
            }
        }
        if (f.search() != null) {
            // resolved first: an OR of the id and a sub-select would walk every batch of the tenant
            sql.append(" AND id = ANY(?)");
            args.add(searched(tenantId, f.search()));
        }
        if (f.after() != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            args.add(Timestamp.from(f.after().createdAt()));
            args.add(f.after().id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(PAGE + 1);
        var rows = read(sql.toString(), args);
        if (rows.size() <= PAGE) {
            return new Page(rows, null);
        }
        var last = rows.get(PAGE - 1);
        return new Page(rows.subList(0, PAGE), new BatchFilter.Cursor(last.createdAt(), last.id()));
    }

    /** The tenant's rows among {@code ids}; ids of other tenants are simply not there. */
    List<Row> current(String tenantId, List<String> ids) throws SQLException {
        return read(COLUMNS + " WHERE tenant_id = ? AND id = ANY(?) AND deleted_at IS NULL",
                List.of(tenantId, ids.toArray(String[]::new)));
    }

    /** The batch of that id, and the batches with a request of that custom_id (V16's index), at most a page of them. */
    private String[] searched(String tenantId, String search) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT ?::text UNION SELECT batch_id FROM
                         (SELECT batch_id FROM job_results WHERE tenant_id = ? AND custom_id = ? LIMIT %d) r""".formatted(PAGE * 4))) {
            st.setString(1, search);
            st.setString(2, tenantId);
            st.setString(3, search);
            List<String> ids = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids.toArray(String[]::new);
        }
    }

    /** The 'metadata ? key' operator is written as '??' for JDBC, which reads a lone '?' as a parameter. */
    private static void where(StringBuilder sql, List<Object> args, Object value, String clause) {
        if (value != null) {
            sql.append(clause.replace("metadata ? ?", "metadata ?? ?"));
            args.add(value);
        }
    }

    private List<Row> read(String sql, List<Object> args) throws SQLException {
        try (var c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                st.setObject(i + 1, args.get(i));
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                            rs.getInt(7), rs.getInt(8), rs.getBigDecimal(9), rs.getTimestamp(10).toInstant(), rs.getString(11),
                            rs.getString(12), rs.getLong(13), rs.getLong(14), rs.getString(15)));
                }
            }
            return rows;
        }
    }
}
