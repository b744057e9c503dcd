package io.llmq.submitter.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A tenant's usage from {@code ledger_entries}: one row per billed provider call, so
 * {@code requests} counts calls the providers charged for (a retried job that was billed twice
 * counts twice; answers from the response cache, ledger rows of kind {@code cache_hit}, do not),
 * and the cost is the exact sum of the rows' costs.
 */
public final class UsageQuery {
    static final int MAX_ROWS = 10_000;

    /** How to group; the SQL expression is fixed per value, never built from input. */
    public enum GroupBy {
        MODEL("model", "model", "model"),
        DAY("day", "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')", "to_char(day, 'YYYY-MM-DD')"),
        BATCH("batch_id", "batch_id", null);

        final String field;
        final String expression;
        /** Over {@code ledger_daily}; null when the roll-up does not keep this grouping. */
        final String dailyExpression;

        GroupBy(String field, String expression, String dailyExpression) {
            this.field = field;
            this.expression = expression;
            this.dailyExpression = dailyExpression;
        }
    }

    /**
     * Whole UTC days grouped by model or day are read from the {@code ledger_daily} roll-up (a
     * few rows per day) instead of every ledger row; both give the same figures.
     */
    static boolean fromRollUp(Instant start, Instant end, GroupBy groupBy) {
        return groupBy.dailyExpression != null && start.getEpochSecond() % 86_400 == 0 && start.getNano() == 0
                && end.getEpochSecond() % 86_400 == 0 && end.getNano() == 0;
    }

    private final DataSource dataSource;

    public UsageQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ObjectNode usage(String tenantId, Instant start, Instant end, GroupBy groupBy) throws SQLException {
        var body = Json.object();
        body.put("object", "usage");
        body.put("start", start.toString());
        body.put("end", end.toString());
        body.put("group_by", groupBy.name().toLowerCase(Locale.ROOT));
        var data = body.putArray("data");
        long requests = 0;
        long input = 0;
        long cached = 0;
        long output = 0;
        var cost = BigDecimal.ZERO;
        var rollUp = fromRollUp(start, end, groupBy);
        body.put("source", rollUp ? "ledger_daily" : "ledger_entries");
        var sql = rollUp
                ? "SELECT " + groupBy.dailyExpression + """
                  , sum(calls), sum(input_tokens), sum(cached_tokens), sum(output_tokens), sum(cost)
                  FROM ledger_daily WHERE tenant_id = ? AND day >= ? AND day < ?
                  GROUP BY 1 ORDER BY 1 LIMIT ?"""
                : "SELECT " + groupBy.expression + """
                  , count(*) FILTER (WHERE kind = 'call'), sum(input_tokens), sum(cached_tokens), sum(output_tokens), sum(cost)
                  FROM ledger_entries WHERE tenant_id = ? AND created_at >= ? AND created_at < ?
                  GROUP BY 1 ORDER BY 1 LIMIT ?""";
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
            st.setString(1, tenantId);
            if (rollUp) {
                st.setObject(2, LocalDate.ofInstant(start, ZoneOffset.UTC));
                st.setObject(3, LocalDate.ofInstant(end, ZoneOffset.UTC));
            } else {
                st.setTimestamp(2, Timestamp.from(start));
                st.setTimestamp(3, Timestamp.from(end));
            }
            st.setInt(4, MAX_ROWS + 1);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    if (data.size() == MAX_ROWS) {
                        body.put("truncated", true);
                        break;
                    }
                    var row = data.addObject();
                    row.put(groupBy.field, rs.getString(1));
                    row.put("requests", rs.getLong(2));
                    row.put("input_tokens", rs.getLong(3));
                    row.put("cached_tokens", rs.getLong(4));
                    row.put("output_tokens", rs.getLong(5));
                    row.put("cost_usd", money(rs.getBigDecimal(6)));
                    requests += rs.getLong(2);
                    input += rs.getLong(3);
                    cached += rs.getLong(4);
                    output += rs.getLong(5);
                    cost = cost.add(rs.getBigDecimal(6));
                }
            }
        }
        if (!body.has("truncated")) {
            body.put("truncated", false);
        }
        var total = body.putObject("total");
        total.put("requests", requests);
        total.put("input_tokens", input);
        total.put("cached_tokens", cached);
        total.put("output_tokens", output);
        total.put("cost_usd", money(cost));
        return body;
    }

    static String money(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
