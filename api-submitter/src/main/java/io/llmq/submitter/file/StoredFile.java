package io.llmq.submitter.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.time.Instant;

/**
 * A row of {@code files}. Output and error files of a batch ({@code batchId != null}) have no
 * stored bytes: their content is rendered from the batch's job results when it is read, and
 * {@code bytes} is the length of that content. {@code expiresAt} null: kept until deleted.
 */
public record StoredFile(String id, String tenantId, String purpose, String filename, long bytes,
                         String batchId, Instant createdAt, Instant expiresAt) {

    public boolean isBatchOutput() {
        return batchId != null;
    }

    /** Whether a batch's file holds its error lines rather than its output: the worker names it {@code <batch>_error.jsonl}. */
    public boolean isBatchErrors() {
        return filename.endsWith("_error.jsonl");
    }

    /** OpenAI's file object. */
    public ObjectNode toJson() {
        var json = Json.object();
        json.put("id", id);
        json.put("object", "file");
        json.put("bytes", bytes);
        json.put("created_at", createdAt.getEpochSecond());
        if (expiresAt == null) {
            json.putNull("expires_at");
        } else {
            json.put("expires_at", expiresAt.getEpochSecond());
        }
        json.put("filename", filename);
        json.put("purpose", purpose);
        json.put("status", "processed");
        json.putNull("status_details");
        return json;
    }
}
