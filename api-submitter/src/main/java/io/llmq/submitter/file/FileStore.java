package io.llmq.submitter.file;

import io.llmq.schema.Ids;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.http.ApiError;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Gateway to {@code files} and {@code file_chunks}. Every read is scoped to a tenant. */
public final class FileStore {
    static final int CHUNK_BYTES = 1 << 20;
    private static final String COLUMNS = "id, tenant_id, purpose, filename, bytes, batch_id, created_at, expires_at";
    /** A file past its expires_at is gone at once, whether or not the sweeper has removed it yet. */
    private static final String LIVE = "deleted_at IS NULL AND (expires_at IS NULL OR expires_at > now())";

    private final DataSource dataSource;
    private final long maxFileBytes;
    private final StorageQuota quota;

    public FileStore(DataSource dataSource, long maxFileBytes, StorageQuota quota) {
        this.dataSource = dataSource;
        this.maxFileBytes = maxFileBytes;
        this.quota = quota;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Stores an upload in one transaction: a file bigger than the limit leaves nothing behind. */
    public StoredFile create(String tenantId, String purpose, String filename, InputStream content) throws SQLException {
        return Transaction.run(dataSource, c -> insert(c, tenantId, purpose, filename, content));
    }

    /** Stores an upload inside the caller's transaction, chunk by chunk; kept until deleted. */
    public StoredFile insert(Connection c, String tenantId, String purpose, String filename, InputStream content)
            throws SQLException {
        return insert(c, tenantId, purpose, filename, null, content);
    }

    /** Stores an upload inside the caller's transaction, chunk by chunk, expiring as {@code expiresAfter} says (null: never). */
    public StoredFile insert(Connection c, String tenantId, String purpose, String filename, ExpiresAfter expiresAfter,
                             InputStream content) throws SQLException {
        var id = Ids.file();
        try (var st = c.prepareStatement("INSERT INTO files (id, tenant_id, purpose, filename, bytes) VALUES (?, ?, ?, ?, 0)")) {
            st.setString(1, id);
            st.setString(2, tenantId);
            st.setString(3, purpose);
            st.setString(4, filename);
            st.executeUpdate();
        }
        long total = 0;
        try (var st = c.prepareStatement("INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)")) {
            var buffer = new byte[CHUNK_BYTES];
            int seq = 0;
            int filled;
            while ((filled = content.readNBytes(buffer, 0, buffer.length)) > 0) {
                total += filled;
                if (total > maxFileBytes) {
                    throw ApiError.tooLarge("file", "The file is larger than this llmq's limit of " + maxFileBytes + " bytes (LLMQ_MAX_FILE_BYTES).");
                }
                st.setString(1, id);
                st.setInt(2, seq++);
                st.setBytes(3, filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled));
                st.executeUpdate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("upload of " + filename + " broke off", e);
        }
        quota.check(c, tenantId, id, total);
        try (var st = c.prepareStatement("""
                UPDATE files SET bytes = ?, expires_at = created_at + make_interval(secs => ?) WHERE id = ?
                RETURNING created_at, expires_at""")) {
            st.setLong(1, total);
            st.setObject(2, expiresAfter == null ? null : (double) expiresAfter.seconds(), java.sql.Types.DOUBLE);
            st.setString(3, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new StoredFile(id, tenantId, purpose, filename, total, null, rs.getTimestamp(1).toInstant(),
                        instant(rs.getTimestamp(2)));
            }
        }
    }

    public Optional<StoredFile> find(String tenantId, String id) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT " + COLUMNS + " FROM files WHERE id = ? AND tenant_id = ? AND " + LIVE)) {
            st.setString(1, id);
            st.setString(2, tenantId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * One page of a tenant's files, newest first ({@code ascending} for oldest first), starting
     * after the file {@code after}. An {@code after} that is not one of the tenant's files yields
     * an empty page, so a cursor cannot probe another tenant's ids.
     */
    public List<StoredFile> list(String tenantId, String purpose, String after, boolean ascending, int limit) throws SQLException {
        var order = ascending ? "ASC" : "DESC";
        var compare = ascending ? ">" : "<";
        var sql = "SELECT " + COLUMNS + " FROM files f WHERE tenant_id = ? AND " + LIVE + " AND (?::text IS NULL OR purpose = ?)"
                + (after == null ? "" : " AND (created_at, id) " + compare
                + " (SELECT created_at, id FROM files WHERE id = ? AND tenant_id = ?)")
                + " ORDER BY created_at " + order + ", id " + order + " LIMIT ?";
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
            int p = 1;
            st.setString(p++, tenantId);
            st.setString(p++, purpose);
            st.setString(p++, purpose);
            if (after != null) {
                st.setString(p++, after);
                st.setString(p++, tenantId);
            }
            st.setInt(p, limit);
            List<StoredFile> files = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    files.add(read(rs));
                }
            }
            return files;
        }
    }

    /** Deletes a file: its row is kept (marked deleted) so ids stay unique; its bytes go at once. */
    public boolean delete(String tenantId, String id) throws SQLException {
        return Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("UPDATE files SET deleted_at = now() WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL")) {
                st.setString(1, id);
                st.setString(2, tenantId);
                if (st.executeUpdate() == 0) {
                    return false;
                }
            }
            try (var st = c.prepareStatement("DELETE FROM file_chunks WHERE file_id = ?")) {
                st.setString(1, id);
                st.executeUpdate();
            }
            return true;
        });
    }

    /** The stored bytes of an uploaded file, streamed chunk by chunk. */
    public InputStream content(StoredFile file) {
        return new ChunkedContent(dataSource, file.id());
    }

    private static StoredFile read(ResultSet rs) throws SQLException {
        return new StoredFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getTimestamp(7).toInstant(), instant(rs.getTimestamp(8)));
    }

    private static java.time.Instant instant(java.sql.Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
