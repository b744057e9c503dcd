package io.llmq.worker.retention;

import io.llmq.worker.outcome.OutcomeStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Removes what has outlived its use and ends batches no worker will move, every
 * {@link RetentionSettings#every()}, in every worker process; only the one holding the sweep lock
 * works ({@link SweepLock}), the others skip their turn. Each kind is removed in statements of at
 * most {@link RetentionSettings#batchRows()} rows. One log line per sweep says what it did.
 */
public final class RetentionSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    private final DataSource dataSource;
    private final RetentionSettings settings;
    private final long lockKey;
    private final ExpiredRows expired;
    private final UnreachedBatches unreached;
    private final RetentionMeters meters;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);

    public RetentionSweeper(DataSource dataSource, OutcomeStore outcomes, String jobsTopic, RetentionSettings settings,
                            Clock clock, MeterRegistry registry, String threadName) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.lockKey = SweepLock.keyFor(jobsTopic);
        this.expired = new ExpiredRows(dataSource, settings.batchRows());
        this.unreached = new UnreachedBatches(dataSource, outcomes, clock, jobsTopic, settings.batchRows());
        this.meters = new RetentionMeters(registry);
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::run);
    }

    /** Starts sweeping, the first time one period from now; does nothing when the sweeper is off. */
    public void start() {
        if (settings.enabled()) {
            thread.start();
        }
    }

    private void run() {
        try {
            while (!stop.await(settings.every().toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    sweepOnce();
                } catch (SQLException | RuntimeException e) {
                    log.warn("retention sweep failed; next try in {} s: {}", settings.every().toSeconds(), e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One sweep now, if no other sweeper is at work; what it did. */
    public Sweep sweepOnce() throws SQLException {
        var started = System.nanoTime();
        try (var lock = SweepLock.tryTake(dataSource, lockKey)) {
            if (lock == null) {
                var skipped = Sweep.skippedOne();
                meters.record(skipped);
                log.debug("retention sweep skipped: another worker is sweeping");
                return skipped;
            }
            var counts = new EnumMap<Kind, Long>(Kind.class);
            var files = expired.expireFiles();
            counts.put(Kind.FILES, files.rows());
            counts.put(Kind.FILE_CHUNKS, files.dependents());
            var results = expired.results(settings.results().toSeconds());
            counts.put(Kind.JOB_RESULTS, results.results());
            counts.put(Kind.DISPATCH_PAGES, results.pages());
            counts.put(Kind.PROVIDER_BATCHES, results.providerBatches());
            counts.put(Kind.WEB_SESSIONS, expired.webSessions(settings.sessions().toSeconds()));
            counts.put(Kind.BUDGET_HOLDS, expired.budgetHolds(settings.holds().toSeconds()));
            counts.put(Kind.IDEMPOTENCY_KEYS, expired.idempotencyKeys(settings.idempotency().toSeconds()));
            counts.put(Kind.STUCK_VALIDATING, unreached.failStuckValidating(settings.validatingTimeout()));
            counts.put(Kind.UNREACHED_JOBS, unreached.endStrandedJobs(settings.unreachedGrace()));
            counts.put(Kind.UNENDED_BATCHES, unreached.endUnended());
            var sweep = Sweep.of(counts, Duration.ofNanos(System.nanoTime() - started));
            meters.record(sweep);
            log.info("retention sweep in {} ms: {}", sweep.took().toMillis(), sweep.summary());
            return sweep;
        }
    }

    @Override
    public void close() {
        stop.countDown();
        // a sweep in progress stops between two statements
        thread.interrupt();
        if (thread.isAlive()) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
