package io.llmq.submitter.file;

import io.llmq.schema.Settings;
import io.llmq.submitter.http.ApiError;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code LLMQ_TENANT_MAX_STORED_BYTES}: how many bytes of uploaded files (live: neither deleted
 * nor expired) one tenant may keep; 0 means no limit. Output and error files are views over the
 * results and do not count. The check runs at the end of an upload, in its transaction, under a
 * per-tenant lock held until commit, so two uploads at once cannot both slip under the limit.
 */
public record StorageQuota(long maxBytesPerTenant) {
    public static final String SETTING = "LLMQ_TENANT_MAX_STORED_BYTES";
    /** 100 GiB: far above any one batch (200 MB per file), low enough to stop a runaway uploader filling the disk. */
    public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024 * 1024;
    public static final StorageQuota NONE = new StorageQuota(0);

    public StorageQuota {
        if (maxBytesPerTenant < 0) {
            throw new IllegalArgumentException(SETTING + " must be 0 (no limit) or more, got " + maxBytesPerTenant);
        }
    }

    public static StorageQuota fromEnv(Map<String, String> env) {
        return new StorageQuota(Settings.longValue(env, SETTING, DEFAULT_MAX_BYTES));
    }

    /** Refuses the upload {@code fileId} of {@code bytes} if it takes the tenant's live uploads past the limit. */
    void check(Connection c, String tenantId, String fileId, long bytes) throws SQLException {
        if (maxBytesPerTenant == 0) {
            return;
        }
        try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('llmq-storage:' || ?))")) {
            lock.setString(1, tenantId);
            lock.execute();
        }
        try (var st = c.prepareStatement("""
                SELECT coalesce(sum(bytes), 0) FROM files
                WHERE tenant_id = ? AND id <> ? AND batch_id IS NULL AND deleted_at IS NULL
                  AND (expires_at IS NULL OR expires_at > now())""")) {
            st.setString(1, tenantId);
            st.setString(2, fileId);
            try (var rs = st.executeQuery()) {
                rs.next();
                var stored = rs.getLong(1);
                if (stored + bytes > maxBytesPerTenant) {
                    throw ApiError.tooLarge("file", String.format(java.util.Locale.ROOT, "Storing this file (%,d bytes) would take "
                            + "your uploads to %,d bytes, past this llmq's limit of %,d bytes per tenant (%s); delete files you "
                            + "no longer need (DELETE /v1/files/{file_id}) or upload with expires_after.", bytes, stored + bytes,
                            maxBytesPerTenant, SETTING));
                }
            }
        }
    }
}
