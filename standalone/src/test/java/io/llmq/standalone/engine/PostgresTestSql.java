package io.llmq.standalone.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC against a {@link PostgresEngine}, for the engine tests. */
final class PostgresTestSql {

    private PostgresTestSql() {
    }

    static Connection connect(PostgresEngine postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    static String show(PostgresEngine postgres, String setting) throws SQLException {
        return queryStrings(postgres, "SHOW " + setting).get(0);
    }

    static void execute(PostgresEngine postgres, String... statements) throws SQLException {
        try (var connection = connect(postgres); var statement = connection.createStatement()) {
            for (var sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static List<String> queryStrings(PostgresEngine postgres, String query) throws SQLException {
        try (var connection = connect(postgres);
             var statement = connection.createStatement();
             var rows = statement.executeQuery(query)) {
            var values = new ArrayList<String>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
