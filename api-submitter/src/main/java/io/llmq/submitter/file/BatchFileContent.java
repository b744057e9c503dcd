package io.llmq.submitter.file;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;

/**
 * Writes the content of a batch's output or error file, which has no stored bytes: it is rendered
 * from the batch's job results when read. A seam, so that {@code file} does not depend on the
 * package that renders results (which itself reads batches, which read input files).
 */
@FunctionalInterface
public interface BatchFileContent {

    /** @param errors the error lines ({@code <batch>_error.jsonl}) rather than the output lines */
    void write(String batchId, boolean errors, OutputStream out) throws SQLException, IOException;
}
