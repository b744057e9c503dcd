package io.llmq.submitter.file;

import io.llmq.schema.Ids;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.http.ApiError;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/** Gateway to {@code files} and {@code file_chunks}. Every read is scoped to a tenant. */
public final class FileStore {
    static final int CHUNK_BYTES = 1 << 20;

    private final DataSource dataSource;
    private final long maxFileBytes;

    public FileStore(DataSource dataSource, long maxFileBytes) {
        this.dataSource = dataSource;
        this.maxFileBytes = maxFileBytes;
    }

    /** Stores an upload in one transaction: a file bigger than the limit leaves nothing behind. */
    public StoredFile create(String tenantId, String purpose, String filename, InputStream content) throws SQLException {
        var id = Ids.file();
        return Transaction.run(dataSource, c -> {
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
            try (var st = c.prepareStatement("UPDATE files SET bytes = ? WHERE id = ? RETURNING created_at")) {
                st.setLong(1, total);
                st.setString(2, id);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return new StoredFile(id, tenantId, purpose, filename, total, null, rs.getTimestamp(1).toInstant());
                }
            }
        });
    }

    public Optional<StoredFile> find(String tenantId, String id) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT id, tenant_id, purpose, filename, bytes, batch_id, created_at FROM files
                     WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL""")) {
            st.setString(1, id);
            st.setString(2, tenantId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The stored bytes of an uploaded file, streamed chunk by chunk. */
    public InputStream content(StoredFile file) {
        return new ChunkedContent(dataSource, file.id());
    }

    private static StoredFile read(ResultSet rs) throws SQLException {
        return new StoredFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getTimestamp(7).toInstant());
    }
}
