package io.llmq.submitter.results;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmq.schema.results.ResultLines;
import io.llmq.submitter.stage.UnreleasedJobPages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Renders a batch's output file (succeeded jobs) or error file (every other ending: failed,
 * cancelled with {@code batch_cancelled}, expired with {@code batch_expired}) as JSONL in OpenAI's
 * line format, from {@code job_results} in input order.
 *
 * <p>A download may be read as slowly as the client likes, so it must not hold one of the
 * submitter's few database connections while it does: the file is read in pages keyed by input
 * line, each page rendered into a buffer of at most about {@link #PAGE_BYTES} with a connection of
 * its own, which goes back to the pool before the page is written to the client. A batch still
 * running therefore shows each page as of its own read (jobs only ever end, so no line repeats).
 */
public final class OutputFiles {
    public static final String OUTPUT = "batch_output";
    public static final String ERRORS = "batch_error";
    static final int PAGE_ROWS = 500;
    static final int PAGE_BYTES = 1024 * 1024;
    /** Never-released jobs come from staged pages that can only be read from their start; pages of them are larger. */
    static final int UNRELEASED_PAGE = 10_000;
    private static final int FETCH_SIZE = 50;

    private final DataSource dataSource;

    public OutputFiles(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The output ({@code errors} false) or error lines of a batch, ended or still running (what has ended so far). */
    public void write(String batchId, boolean errors, OutputStream out) throws SQLException, IOException {
        var page = new ByteArrayOutputStream();
        var after = 0;
        Integer last;
        do {
            page.reset();
            last = resultPage(batchId, errors, after, page);
            page.writeTo(out);
            after = last == null ? after : last;
        } while (last != null);
        if (errors) {
            // unreleased jobs all come after every released one, whose lines are all below them
            do {
                page.reset();
                last = unreleasedPage(batchId, after, page);
                page.writeTo(out);
                after = last == null ? after : last;
            } while (last != null);
        }
    }

    /** Renders result rows after line {@code after} into {@code page}; the last line when more may follow, else null. */
    private Integer resultPage(String batchId, boolean errors, int after, ByteArrayOutputStream page) throws SQLException, IOException {
        try (var c = dataSource.getConnection()) {
            // a cursor (fetch size) needs a transaction; it is over before the page is sent
            c.setAutoCommit(false);
            try (var st = c.prepareStatement("""
                    SELECT job_id, custom_id, status_code, request_id, response::text, error::text, cached, line, checks::text
                    FROM job_results WHERE batch_id = ? AND (status = 'succeeded') = ? AND line > ? ORDER BY line LIMIT ?""")) {
                st.setFetchSize(FETCH_SIZE);
                st.setString(1, batchId);
                st.setBoolean(2, !errors);
                st.setInt(3, after);
                st.setInt(4, PAGE_ROWS);
                var rows = 0;
                var line = after;
                try (var rs = st.executeQuery(); var gen = generator(page)) {
                    while (rs.next()) {
                        writeLine(gen, rs);
                        gen.writeRaw('\n');
                        line = rs.getInt(8);
                        rows++;
                        gen.flush();
                        if (page.size() >= PAGE_BYTES) {
                            return line;
                        }
                    }
                }
                return rows == PAGE_ROWS ? line : null;
            } finally {
                c.commit();
            }
        }
    }

    /** Renders never-released jobs after line {@code after} into {@code page}; the last line when more may follow, else null. */
    private Integer unreleasedPage(String batchId, int after, ByteArrayOutputStream page) throws SQLException, IOException {
        var rows = new int[1];
        var line = new int[] {after};
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var gen = generator(page)) {
                UnreleasedJobPages.forEach(c, batchId, job -> {
                    if (job.line() <= after) {
                        return true;
                    }
                    writeUnreleased(gen, job);
                    gen.writeRaw('\n');
                    line[0] = job.line();
                    return ++rows[0] < UNRELEASED_PAGE;
                });
            } finally {
                c.commit();
            }
        }
        return rows[0] == UNRELEASED_PAGE ? line[0] : null;
    }

    private static JsonGenerator generator(OutputStream page) throws IOException {
        return ResultLines.generator(page);
    }

    private static void writeUnreleased(JsonGenerator gen, UnreleasedJobPages.Unreleased job) throws IOException {
        ResultLines.writeUnreleased(gen, job.jobId(), job.customId(), job.code(), job.message());
    }

    private static void writeLine(JsonGenerator gen, ResultSet rs) throws SQLException, IOException {
        var statusCode = rs.getInt(3);
        var hasResponse = !rs.wasNull();
        ResultLines.writeResult(gen, rs.getString(1), rs.getString(2), hasResponse ? statusCode : null, rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(9));
    }
}
