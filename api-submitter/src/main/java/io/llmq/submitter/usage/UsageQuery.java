package io.llmq.submitter.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's usage from {@code ledger_entries}: one row per billed provider call, so
 * {@code requests} counts calls the providers charged for (a retried job that was billed twice
 * counts twice), and the cost is the exact sum of the rows' costs.
 */
public final class UsageQuery {
    static final int MAX_ROWS = 10_000;

    private static final String DAY_EXPRESSION = "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";

    /** How to group; the SQL expressions are fixed per value, never built from input. */
    public enum GroupBy {
        MODEL("model", List.of("model"), List.of("model")),
        DAY("day", List.of("day"), List.of(DAY_EXPRESSION)),
        BATCH("batch", List.of("batch_id"), List.of("batch_id")),
        /** A cost table by day and model: one row per model per day. */
        DAY_MODEL("day,model", List.of("day", "model"), List.of(DAY_EXPRESSION, "model"));

        final String wireName;
        final List<String> fields;
        final List<String> expressions;

        GroupBy(String wireName, List<String> fields, List<String> expressions) {
            this.wireName = wireName;
            this.fields = fields;
            this.expressions = expressions;
        }
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
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT " + String.join(", ", groupBy.expressions) + """
                     , count(*), sum(input_tokens), sum(cached_tokens), sum(output_tokens), sum(cost)
                     FROM ledger_entries WHERE tenant_id = ? AND created_at >= ? AND created_at < ?
                     """ + "GROUP BY " + positions(groupBy) + " ORDER BY " + positions(groupBy) + " LIMIT ?")) {
            st.setString(1, tenantId);
            st.setTimestamp(2, Timestamp.from(start));
            st.setTimestamp(3, Timestamp.from(end));
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
