package io.llmq.submitter.web;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A batch's results as CSV (RFC 4180), for a spreadsheet: one row per ended request, in line
 * order, read through a cursor so a batch of 50,000 lines is never held in memory. The output file
 * has the succeeded lines with the answer's text (chat, Responses or legacy completions; empty for
 * embeddings), the error file every other ending with its code and message.
 */
final class ResultCsv {
    static final String HEADER = "line,custom_id,status,status_code,model,input_tokens,output_tokens,error_code,error_message,content";
    private static final int FETCH = 500;

    private final DataSource dataSource;

    ResultCsv(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void write(String batchId, boolean errors, OutputStream out) throws SQLException, IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writer.write(HEADER);
        writer.write("\r\n");
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.prepareStatement("""
                    SELECT line, custom_id, status, status_code, model, input_tokens, output_tokens, error->>'code', error->>'message',
                           coalesce(response->'choices'->0->'message'->>'content', response->'choices'->0->>'text',
                                    response->>'output_text', response->'content'->0->>'text')
                    FROM job_results WHERE batch_id = ? AND (status = 'succeeded') = ? ORDER BY line""")) {
                st.setFetchSize(FETCH);
                st.setString(1, batchId);
                st.setBoolean(2, !errors);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= 10; i++) {
                            if (i > 1) {
                                writer.write(',');
                            }
                            writer.write(cell(rs.getString(i)));
                        }
                        writer.write("\r\n");
                    }
                }
            } finally {
                c.rollback();
            }
        }
        writer.flush();
    }

    /** Quoted when it holds a comma, quote or line break; a leading = + - @ is quoted too, so a spreadsheet never runs it as a formula. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        var formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+(\\.\\d+)?");
        if (!formula && value.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
            return value;
        }
        return "\"" + (formula ? "'" : "") + value.replace("\"", "\"\"") + "\"";
    }
}
