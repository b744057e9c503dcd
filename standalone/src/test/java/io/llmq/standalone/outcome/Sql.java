package io.llmq.standalone.outcome;

import io.llmq.schema.Ids;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The rows the outcome tests set up and read, in plain SQL. */
final class Sql {

    private Sql() {
    }

    /** An in-progress batch of {@code total} jobs of the default tenant. */
    static String batch(DataSource pool, String prefix, int total) throws SQLException {
        var id = prefix + Ids.random(12);
        update(pool, """
                INSERT INTO batches (id, tenant_id, dialect, endpoint, input_file_id, completion_window, priority, status, total,
                                     in_progress_at, expires_at)
                VALUES (?, 'default', 'openai', '/v1/chat/completions', 'file-none', '24h', 'normal', 'in_progress', ?, now(),
                        now() + interval '1 day')""", id, total);
        return id;
    }

    /** A price in force since yesterday: 1 per Mtok in, 0.5 cached, 2 out. */
    static void price(DataSource pool, String model) throws SQLException {
        update(pool, """
                INSERT INTO prices (provider, model, effective_from, input_per_mtok, cached_input_per_mtok, output_per_mtok)
                VALUES ('openai', ?, now() - interval '1 day', 1, 0.5, 2)""", model);
    }

    static long count(DataSource pool, String sql, Object... args) throws SQLException {
        try (var c = pool.getConnection(); var st = c.prepareStatement(sql)) {
            bind(st, args);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static BigDecimal decimal(DataSource pool, String sql, Object... args) throws SQLException {
        try (var c = pool.getConnection(); var st = c.prepareStatement(sql)) {
            bind(st, args);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    static void update(DataSource pool, String sql, Object... args) throws SQLException {
        try (var c = pool.getConnection(); var st = c.prepareStatement(sql)) {
            bind(st, args);
            st.executeUpdate();
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }
}
