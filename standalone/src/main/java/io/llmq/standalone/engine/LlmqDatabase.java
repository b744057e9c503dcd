package io.llmq.standalone.engine;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Creates llmq's role and database on a fresh server, as its superuser; on a server that already
 * has them (a kept data directory) it changes nothing.
 */
final class LlmqDatabase {

    static final String NAME = "llmq";
    static final String USER = "llmq";
    static final String PASSWORD = "llmq";

    private LlmqDatabase() {
    }

    static void ensure(Connection superuser) throws SQLException {
        if (!exists(superuser, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
            try (var statement = superuser.createStatement()) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
        }
        if (!exists(superuser, "SELECT 1 FROM pg_database WHERE datname = ?", NAME)) {
            try (var statement = superuser.createStatement()) {
                // CREATE DATABASE cannot run in a transaction block, nor take bind parameters
                statement.execute("CREATE DATABASE " + NAME + " OWNER " + USER);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (var statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
