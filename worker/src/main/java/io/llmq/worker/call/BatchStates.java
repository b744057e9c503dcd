package io.llmq.worker.call;

import io.llmq.schema.status.BatchStatus;
import io.llmq.worker.outcome.BatchesTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The worker's read of {@code batches.status}, asked before every provider attempt. Answers are
 * cached for {@link #DEFAULT_TTL}, so a batch of 50,000 jobs costs one query per half second per
 * worker instead of one per job, and a cancel stops new calls within that half second.
 */
public final class BatchStates {
    private static final Logger log = LoggerFactory.getLogger(BatchStates.class);
    public static final Duration DEFAULT_TTL = BatchStatus.WORKER_VIEW_MAX_AGE;
    /** Entries of batches no job has asked about lately are dropped past this many. */
    static final int MAX_ENTRIES = 10_000;

    /** Reads one batch's status; empty when the batch row does not exist. */
    @FunctionalInterface
    public interface Loader {
        Optional<BatchStatus> load(String batchId) throws SQLException;
    }

    private record Entry(Optional<BatchStatus> status, long fetchedAtMillis) {
    }

    private final Loader loader;
    private final Clock clock;
    private final long ttlMillis;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    public BatchStates(Loader loader, Clock clock, Duration ttl) {
        this.loader = loader;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    public static BatchStates fromDatabase(DataSource dataSource, Clock clock) {
        return new BatchStates(batchId -> {
            try (var c = dataSource.getConnection()) {
                return BatchesTable.status(c, batchId);
            }
        }, clock, DEFAULT_TTL);
    }

    /**
     * The batch's status as of at most the cache TTL ago. If the database cannot answer, the job
     * runs (empty): refusing would fail work for a cancel that most likely never happened, and
     * the outcome cannot be recorded until the database is back anyway.
     */
    public Optional<BatchStatus> statusOf(String batchId) {
        var now = clock.millis();
        var hit = cache.get(batchId);
        if (hit != null && now - hit.fetchedAtMillis() < ttlMillis) {
            return hit.status();
        }
        try {
            var status = loader.load(batchId);
            if (cache.size() >= MAX_ENTRIES) {
                cache.values().removeIf(e -> now - e.fetchedAtMillis() >= ttlMillis);
            }
            cache.put(batchId, new Entry(status, now));
            return status;
        } catch (SQLException | RuntimeException e) {
            log.warn("cannot read the status of batch {} ({}); letting its job run", batchId, e.toString());
            return hit == null ? Optional.empty() : hit.status();
        }
    }
}
