package io.llmq.submitter.quote;

import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What a tenant's calls of each model actually produced: mean output tokens per billed call over
 * the last {@value #DAYS} UTC days of its ledger roll-up ({@code ledger_daily}), for models with at
 * least {@value #MIN_CALLS} calls (fewer say little about the next batch). Only the tenant's own
 * calls: another tenant's answers neither predict nor may be inferred from a quote.
 */
final class ObservedOutput {
    static final int DAYS = 30;
    static final int MIN_CALLS = 10;

    private ObservedOutput() {
    }

    static Map<String, Double> means(DataSource dataSource, String tenantId, LocalDate today) throws SQLException {
        Map<String, Double> means = new HashMap<>();
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT model, sum(output_tokens)::float8 / sum(calls) FROM ledger_daily
                     WHERE tenant_id = ? AND day > ? GROUP BY model HAVING sum(calls) >= ?""")) {
            st.setString(1, tenantId);
            st.setDate(2, Date.valueOf(today.minusDays(DAYS)));
            st.setInt(3, MIN_CALLS);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    means.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return means;
    }
}
