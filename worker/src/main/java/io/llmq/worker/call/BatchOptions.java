package io.llmq.worker.call;

import io.llmq.schema.output.OutputOptions;
import io.llmq.worker.outcome.BatchesTable;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Per-batch choices that ride in the batch's metadata rather than in each job:
 * {@code llmq_fallback: "true"} (may use the model's fallback chain) and {@code llmq_cache: "true"}
 * (may be answered from, and feeds, the response cache), the output checks' reactions
 * ({@code llmq_on_length}, {@code llmq_on_invalid_output}). Read from {@code batches} once per batch
 * and kept (a batch's metadata never changes).
 */
public final class BatchOptions {
    private static final int KEEP = 10_000;

    private final DataSource dataSource;
    private final Map<String, BatchesTable.Options> known = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BatchesTable.Options> eldest) {
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
        return asked(batchId).fallback();
    }

    public boolean cacheRequested(String batchId) {
        return asked(batchId).cache();
    }

    OutputOptions output(String batchId) {
        return asked(batchId).output();
    }

    private BatchesTable.Options asked(String batchId) {
        if (dataSource == null) {
            return BatchesTable.Options.NONE;
        }
        var hit = known.get(batchId);
        if (hit != null) {
            return hit;
        }
        try (var c = dataSource.getConnection()) {
            var asked = BatchesTable.options(c, batchId);
            known.put(batchId, asked);
            return asked;
        } catch (SQLException e) {
            // not kept: the next job of the batch asks again
            return BatchesTable.Options.NONE;
        }
    }
}
