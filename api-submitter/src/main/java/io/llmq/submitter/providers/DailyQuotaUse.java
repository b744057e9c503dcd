package io.llmq.submitter.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.schema.catalogue.QuotaDay;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Reads {@code daily_quota_use}, which the workers write as they call: a deployment's use of its
 * quota day now, shown beside its limits in {@code GET /v1/providers}.
 */
final class DailyQuotaUse {
    private final DataSource dataSource;

    DailyQuotaUse(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Puts {@code daily_quota: {requests: {limit, used}, tokens: {limit, used}, resets_at}} on the
     * deployment's entry, or null when it has no daily quota. Tokens are counted only with a {@code tpd}.
     */
    void describe(ObjectNode entry, Deployment d, Instant now) throws SQLException {
        var limits = d.limits();
        if (!limits.dailyQuota()) {
            entry.putNull("daily_quota");
            return;
        }
        var day = QuotaDay.at(now, limits.dailyResetHour());
        var quota = entry.putObject("daily_quota");
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "SELECT requests, tokens FROM daily_quota_use WHERE deployment = ? AND day_start = ?")) {
            st.setString(1, d.name());
            st.setTimestamp(2, Timestamp.from(day.start()));
            try (var rs = st.executeQuery()) {
                var used = rs.next();
                quota.putObject("requests").put("limit", limits.rpd()).put("used", used ? rs.getLong(1) : 0);
                quota.putObject("tokens").put("limit", limits.tpd()).put("used", used ? rs.getLong(2) : 0);
            }
        }
        quota.put("resets_at", day.end().getEpochSecond());
    }
}
