package io.llmq.submitter.results;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmq.schema.Json;
import io.llmq.submitter.stage.UnreleasedJobPages;

import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A batch's results as pages of JSON, in input order, for clients that would rather page than
 * download a JSONL file: {@code GET /v1/batches/{id}/results?after=<line>&limit=}. Only jobs that
 * have ended appear; the cursor is the input line number of the last result seen.
 */
public final class ResultPages {
    private final DataSource dataSource;

    public ResultPages(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} results after {@code afterLine}; the array holds one more if more follow. */
    public ArrayNode page(String batchId, int afterLine, int limit) throws SQLException, IOException {
        var data = Json.MAPPER.createArrayNode();
        var lastLine = new int[] {afterLine};
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT line, custom_id, status, status_code, request_id, response::text, error::text, model,
                            input_tokens, output_tokens, finished_at, cached, checks::text
                     FROM job_results WHERE batch_id = ? AND line > ? ORDER BY line LIMIT ?""")) {
            st.setString(1, batchId);
            st.setInt(2, afterLine);
            st.setInt(3, limit);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var item = data.addObject();
                    item.put("line", rs.getInt(1));
                    item.put("custom_id", rs.getString(2));
                    item.put("status", rs.getString(3));
                    var statusCode = rs.getInt(4);
                    if (rs.wasNull()) {
                        item.putNull("response");
                    } else {
                        var response = item.putObject("response");
                        response.put("status_code", statusCode);
                        response.put("request_id", rs.getString(5));
                        var body = rs.getString(6);
                        response.set("body", body == null ? null : Json.MAPPER.readTree(body));
                    }
                    var error = rs.getString(7);
                    item.set("error", error == null ? null : Json.MAPPER.readTree(error));
                    item.put("model", rs.getString(8));
                    item.put("input_tokens", rs.getInt(9));
                    item.put("output_tokens", rs.getInt(10));
                    item.put("finished_at", rs.getTimestamp(11).toInstant().toString());
                    item.put("cached", rs.getBoolean(12));
                    var checks = rs.getString(13);
                    if (checks != null) {
                        item.set("checks", Json.MAPPER.readTree(checks));
                    }
                    lastLine[0] = rs.getInt(1);
                }
            }
            if (data.size() < limit) {
                // a cancelled or expired batch's jobs that were never released come after every row
                UnreleasedJobPages.forEach(c, batchId, job -> {
                    if (job.line() <= lastLine[0]) {
                        return true;
                    }
                    var item = data.addObject();
                    item.put("line", job.line());
                    item.put("custom_id", job.customId());
                    item.put("status", job.status());
                    item.putNull("response");
                    var error = item.putObject("error");
                    error.put("code", job.code());
                    error.put("message", job.message());
                    item.putNull("model");
                    item.put("input_tokens", 0);
                    item.put("output_tokens", 0);
                    item.putNull("finished_at");
                    item.put("cached", false);
                    return data.size() < limit;
                });
            }
        }
        return data;
    }
}
