package io.llmq.submitter.results;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmq.schema.Json;
import io.llmq.submitter.stage.UnreleasedJobPages;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Renders a batch's output file (succeeded jobs) or error file (every other ending: failed,
 * cancelled with {@code batch_cancelled}, expired with {@code batch_expired}) as JSONL in OpenAI's
 * line format, straight from {@code job_results} through a server-side cursor, so a million-line
 * file streams with constant memory.
 */
public final class OutputFiles {
    public static final String OUTPUT = "batch_output";
    public static final String ERRORS = "batch_error";
    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;

    public OutputFiles(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The output ({@code errors} false) or error lines of a batch, ended or still running (what has ended so far). */
    public void write(String batchId, boolean errors, OutputStream out) throws SQLException, IOException {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.prepareStatement("""
                    SELECT job_id, custom_id, status_code, request_id, response::text, error::text, cached
                    FROM job_results WHERE batch_id = ? AND (status = 'succeeded') = ? ORDER BY line""")) {
                st.setFetchSize(FETCH_SIZE);
                st.setString(1, batchId);
                st.setBoolean(2, !errors);
                try (var rs = st.executeQuery(); var gen = Json.MAPPER.getFactory().createGenerator(out)) {
                    gen.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                    while (rs.next()) {
                        writeLine(gen, rs);
                        gen.writeRaw('\n');
                    }
                    if (errors) {
                        UnreleasedJobPages.forEach(c, batchId, job -> {
                            writeUnreleased(gen, job);
                            gen.writeRaw('\n');
                            return true;
                        });
                    }
                }
            } finally {
                c.commit();
            }
        }
    }

    /** A job that ended with its batch before the dispatcher released it: the same line a guarded job gets. */
    private static void writeUnreleased(JsonGenerator gen, UnreleasedJobPages.Unreleased job) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", "batch_req_" + job.jobId());
        gen.writeStringField("custom_id", job.customId());
        gen.writeNullField("response");
        gen.writeObjectFieldStart("error");
        gen.writeStringField("code", job.code());
        gen.writeStringField("message", job.message());
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private static void writeLine(JsonGenerator gen, ResultSet rs) throws SQLException, IOException {
        gen.writeStartObject();
        gen.writeStringField("id", "batch_req_" + rs.getString(1));
        gen.writeStringField("custom_id", rs.getString(2));
        var statusCode = rs.getInt(3);
        var hasResponse = !rs.wasNull();
        var body = rs.getString(5);
        if (hasResponse) {
            gen.writeObjectFieldStart("response");
            gen.writeNumberField("status_code", statusCode);
            gen.writeStringField("request_id", rs.getString(4));
            gen.writeFieldName("body");
            if (body == null) {
                gen.writeNull();
            } else {
                gen.writeRawValue(body);
            }
            gen.writeEndObject();
        } else {
            gen.writeNullField("response");
        }
        var error = rs.getString(6);
        gen.writeFieldName("error");
        if (error == null) {
            gen.writeNull();
        } else {
            gen.writeRawValue(error);
        }
        if (rs.getBoolean(7)) {
            // answered from llmq's response cache, not by a provider call (SDKs ignore unknown fields)
            gen.writeObjectFieldStart("llmq");
            gen.writeBooleanField("cached", true);
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }
}
