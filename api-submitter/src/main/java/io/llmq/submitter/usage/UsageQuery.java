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
import java.util.List;

/**
 * A tenant's usage from {@code ledger_entries}: one row per billed provider call, so
 * {@code requests} counts calls the providers charged for (a retried job that was billed twice
 * counts twice; answers from the response cache, ledger rows of kind {@code cache_hit}, do not),
 * and the cost is the exact sum of the rows' costs.
 */
public final class UsageQuery {
    static final int MAX_ROWS = 10_000;

    private static final String DAY_EXPRESSION = "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
    private static final String DAILY_DAY_EXPRESSION = "to_char(day, 'YYYY-MM-DD')";

    /** How to group; the SQL expressions are fixed per value, never built from input. */
    public enum GroupBy {
        MODEL("model", List.of("model"), List.of("model"), List.of("model")),
        DAY("day", List.of("day"), List.of(DAY_EXPRESSION), List.of(DAILY_DAY_EXPRESSION)),
        BATCH("batch", List.of("batch_id"), List.of("batch_id"), null),
        /** A cost table by day and model: one row per model per day. */
        DAY_MODEL("day,model", List.of("day", "model"), List.of(DAY_EXPRESSION, "model"),
                List.of(DAILY_DAY_EXPRESSION, "model"));

        final String wireName;
        final List<String> fields;
        final List<String> expressions;
        /** Over {@code ledger_daily}; null when the roll-up does not keep this grouping. */
        final List<String> dailyExpressions;

        GroupBy(String wireName, List<String> fields, List<String> expressions, List<String> dailyExpressions) {
            this.wireName = wireName;
            this.fields = fields;
            this.expressions = expressions;
            this.dailyExpressions = dailyExpressions;
        }
    }

    /**
     * Whole UTC days grouped by model and/or day are read from the {@code ledger_daily} roll-up (a
     * few rows per day) instead of every ledger row; both give the same figures.
     */
    static boolean fromRollUp(Instant start, Instant end, GroupBy groupBy) {
        return groupBy.dailyExpressions != null && start.getEpochSecond() % 86_400 == 0 && start.getNano() == 0
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
        body.put("group_by", groupBy.wireName);
        var data = body.putArray("data");
        long requests = 0;
        long input = 0;
        long cached = 0;
        long output = 0;
        var cost = BigDecimal.ZERO;
        var rollUp = fromRollUp(start, end, groupBy);
        body.put("source", rollUp ? "ledger_daily" : "ledger_entries");
        var grouping = " GROUP BY " + positions(groupBy) + " ORDER BY " + positions(groupBy) + " LIMIT ?";
        var sql = rollUp
                ? "SELECT " + String.join(", ", groupBy.dailyExpressions) + """
                  , sum(calls), sum(input_tokens), sum(cached_tokens), sum(output_tokens), sum(cost)
                  FROM ledger_daily WHERE tenant_id = ? AND day >= ? AND day < ?""" + grouping
                : "SELECT " + String.join(", ", groupBy.expressions) + """
                  , count(*) FILTER (WHERE kind IN ('call', 'provider_batch')), sum(input_tokens), sum(cached_tokens), sum(output_tokens), sum(cost)
                  FROM ledger_entries WHERE tenant_id = ? AND created_at >= ? AND created_at < ?""" + grouping;
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
                    var k = groupBy.fields.size();
                    for (int i = 0; i < k; i++) {
                        row.put(groupBy.fields.get(i), rs.getString(i + 1));
                    }
                    row.put("requests", rs.getLong(k + 1));
                    row.put("input_tokens", rs.getLong(k + 2));
                    row.put("cached_tokens", rs.getLong(k + 3));
                    row.put("output_tokens", rs.getLong(k + 4));
                    row.put("cost_usd", money(rs.getBigDecimal(k + 5)));
                    requests += rs.getLong(k + 1);
                    input += rs.getLong(k + 2);
                    cached += rs.getLong(k + 3);
                    output += rs.getLong(k + 4);
                    cost = cost.add(rs.getBigDecimal(k + 5));
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

    /** {@code 1} or {@code 1, 2}: the grouping columns by position. */
    private static String positions(GroupBy groupBy) {
        var positions = new StringBuilder("1");
        for (int i = 2; i <= groupBy.fields.size(); i++) {
            positions.append(", ").append(i);
        }
        return positions.toString();
    }

    static String money(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
