package io.llmq.submitter.batch;

import io.llmq.submitter.file.FileStore;
import io.llmq.submitter.file.StoredFile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a new batch's request lines come from. They are read more than once (judged, then staged,
 * and stored as the batch's input file when they are not one already), so the source is opened
 * afresh each time rather than held in memory.
 *
 * @param storedFileId the uploaded file the lines are, or null when they must be stored as a new file
 * @param filename     the name of that new file
 * @param param        the request parameter a bad line is reported against
 */
public record BatchInput(String storedFileId, String filename, String param, Opener opener) {

    /** Opens the lines from their start. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    static BatchInput uploaded(StoredFile file, FileStore files) {
        return new BatchInput(file.id(), null, "input_file_id", () -> files.content(file));
    }

    static BatchInput inline(byte[] jsonl) {
        return new BatchInput(null, BatchService.INLINE_FILENAME, "requests", () -> new ByteArrayInputStream(jsonl));
    }

    /** Lines made by llmq from another batch's input (a retry); stored as a file of their own. */
    public static BatchInput derived(String filename, String param, Opener opener) {
        return new BatchInput(null, filename, param, opener);
    }

    public InputStream open() throws IOException {
        return opener.open();
    }
}
