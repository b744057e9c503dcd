package io.llmq.worker.call;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-batch choices that ride in the batch's metadata rather than in each job: today only
 * {@code llmq_fallback: "true"}. Read from {@code batches} once per batch and kept (a batch's
 * metadata never changes), and only for models that have a fallback chain at all.
 */
public final class BatchOptions {
    private static final int KEEP = 10_000;

    private final DataSource dataSource;
    private final Map<String, Boolean> fallback = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > KEEP;
        }
    });

    public BatchOptions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** No batch asks for anything: for tests and tools that have no database. */
    public static BatchOptions none() {
        return new BatchOptions(null);
    }

    boolean fallbackRequested(String batchId) {
        if (dataSource == null) {
            return false;
        }
        var known = fallback.get(batchId);
        if (known != null) {
            return known;
        }
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT metadata ->> 'llmq_fallback' FROM batches WHERE id = ?")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                var asked = rs.next() && "true".equalsIgnoreCase(rs.getString(1));
                fallback.put(batchId, asked);
                return asked;
            }
        } catch (SQLException e) {
            // not cached: the next job of the batch asks again
            return false;
        }
    }
}
