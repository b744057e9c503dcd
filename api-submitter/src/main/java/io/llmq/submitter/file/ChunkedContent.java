package io.llmq.submitter.file;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;

/**
 * An uploaded file's bytes, read back one stored chunk at a time, so a 200 MB input never sits
 * whole in the heap. Each chunk is its own query: no connection is held between reads.
 */
final class ChunkedContent extends InputStream {
    private final DataSource dataSource;
    private final String fileId;
    private int nextSeq;
    private byte[] chunk = new byte[0];
    private int position;
    private boolean exhausted;

    ChunkedContent(DataSource dataSource, String fileId) {
        this.dataSource = dataSource;
        this.fileId = fileId;
    }

    @Override
    public int read() throws IOException {
        if (!ensureData()) {
            return -1;
        }
        return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!ensureData()) {
            return -1;
        }
        var n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    private boolean ensureData() throws IOException {
        while (position >= chunk.length) {
            if (exhausted) {
                return false;
            }
            chunk = fetch(nextSeq++);
            position = 0;
            if (chunk == null) {
                exhausted = true;
                chunk = new byte[0];
                return false;
            }
        }
        return true;
    }

    private byte[] fetch(int seq) throws IOException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT data FROM file_chunks WHERE file_id = ? AND seq = ?")) {
            st.setString(1, fileId);
            st.setInt(2, seq);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException("cannot read chunk " + seq + " of file " + fileId, e);
        }
    }
}
