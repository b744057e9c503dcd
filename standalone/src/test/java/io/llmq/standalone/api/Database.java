package io.llmq.standalone.api;

import io.llmq.standalone.engine.PostgresEngine;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads llmq's tables directly, as an auditor would. */
final class Database {
    private final PostgresEngine postgres;

    Database(PostgresEngine postgres) {
        this.postgres = postgres;
    }

    /** Row count of every table of llmq's schema (not Flyway's history). */
    Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (var c = connect(); var st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (var table : tables) {
                try (var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    long count(String sql, Object... args) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st.executeUpdate();
        }
    }

    List<String> strings(String sql, Object... args) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            List<String> values = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private java.sql.Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }
}
