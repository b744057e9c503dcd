package io.llmq.worker.retention;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.Ids;
import io.llmq.schema.db.Database;
import io.llmq.standalone.engine.PostgresEngine;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.outcome.OutcomeStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention sweeper on a real PostgreSQL (a private one: it sweeps the whole database): each
 * kind goes after its period and not before, in statements of at most {@code batchRows} rows;
 * only one sweeper works at a time; and batches no worker moves are ended. Rows are placed two
 * hours (past every period of an hour) or ten minutes (inside it) back in the database's clock.
 */
class RetentionSweepTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LONG_AGO = Duration.ofHours(2);
    private static final Duration LATELY = Duration.ofMinutes(10);
    /** Small, so every kind takes several statements. */
    private static final int BATCH_ROWS = 2;
    private static final RetentionSettings SETTINGS = new RetentionSettings(Duration.ofMinutes(1), BATCH_ROWS, HOUR, HOUR, HOUR,
            HOUR, HOUR, Duration.ofMinutes(5));

    private static PostgresEngine postgres;
    private static HikariDataSource dataSource;
    private final String topic = "retention-jobs-" + Ids.random(6);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RetentionFixtures rows;
    private RetentionSweeper sweeper;

    @BeforeAll
    static void startDatabase() {
        postgres = TestEngines.postgres();
        dataSource = Database.pool("retention-test", postgres.jdbcUrl(), postgres.user(), postgres.password(), 6);
        Database.migrate(dataSource);
    }

    @AfterAll
    static void stopDatabase() {
        dataSource.close();
        postgres.close();
    }

    @BeforeEach
    void tenant() throws Exception {
        rows = new RetentionFixtures(dataSource, "tenant-" + Ids.random(6), topic);
        rows.tenant();
        sweeper = sweeper(registry);
    }

    private RetentionSweeper sweeper(SimpleMeterRegistry meters) {
        return new RetentionSweeper(dataSource, new OutcomeStore(dataSource, "retention-results", Clock.systemUTC()), topic,
                SETTINGS, Clock.systemUTC(), meters, "retention-test");
    }

    @Test
    void shouldRemoveEachKindAfterItsPeriodAndNotBefore() throws Exception {
        for (int i = 0; i < 3; i++) {
            rows.webSession(LONG_AGO);
            rows.budgetHold("gone-" + i, LONG_AGO);
            rows.idempotencyKey("old-" + i, LONG_AGO);
        }
        rows.webSession(LATELY);
        rows.budgetHold("recent", LATELY);
        rows.idempotencyKey("recent", LATELY);
        var expired = Ids.file();
        var live = Ids.file();
        rows.file(expired, 3, Duration.ofSeconds(-1));
        rows.file(live, 2, HOUR);
        var oldBatch = "batch_old_" + Ids.random(6);
        var recentBatch = "batch_recent_" + Ids.random(6);
        rows.resultsOfGoneOutput(oldBatch, 5, LONG_AGO);
        rows.resultsOfGoneOutput(recentBatch, 4, LATELY);

        var sweep = sweeper.sweepOnce();

        assertThat(sweep.skipped()).isFalse();
        assertThat(sweep.count(Kind.WEB_SESSIONS)).isEqualTo(3);
        assertThat(sweep.count(Kind.BUDGET_HOLDS)).isEqualTo(3);
        assertThat(sweep.count(Kind.IDEMPOTENCY_KEYS)).isEqualTo(3);
        assertThat(sweep.count(Kind.FILES)).isEqualTo(1);
        assertThat(sweep.count(Kind.FILE_CHUNKS)).isEqualTo(3);
        assertThat(sweep.count(Kind.JOB_RESULTS)).isEqualTo(5);
        assertThat(sweep.count(Kind.DISPATCH_PAGES)).isEqualTo(1);
        var tenant = rows.tenantId();
        assertThat(rows.count("SELECT count(*) FROM web_sessions WHERE tenant_id = ?", tenant)).as("the one inside its period").isEqualTo(1);
        assertThat(rows.count("SELECT count(*) FROM budget_holds WHERE tenant_id = ?", tenant)).isEqualTo(1);
        assertThat(rows.text("SELECT string_agg(idem_key, ',') FROM idempotency_keys WHERE tenant_id = ?", tenant)).isEqualTo("recent");
        assertThat(rows.count("SELECT count(*) FROM files WHERE id = ? AND deleted_at IS NOT NULL", expired)).as("marked deleted, as DELETE does").isEqualTo(1);
        assertThat(rows.count("SELECT count(*) FROM file_chunks WHERE file_id = ?", expired)).isZero();
        assertThat(rows.count("SELECT count(*) FROM file_chunks WHERE file_id = ?", live)).isEqualTo(2);
        assertThat(rows.count("SELECT count(*) FROM files WHERE id = ? AND deleted_at IS NULL", live)).isEqualTo(1);
        assertThat(rows.count("SELECT count(*) FROM job_results WHERE batch_id = ?", oldBatch)).isZero();
        assertThat(rows.count("SELECT count(*) FROM dispatch_pages WHERE batch_id = ?", oldBatch)).isZero();
        assertThat(rows.count("SELECT count(*) FROM job_results WHERE batch_id = ?", recentBatch)).as("its output went lately").isEqualTo(4);
        assertThat(registry.get("llmq.retention.rows").tag("kind", "job_results").counter().count()).isEqualTo(5);
        assertThat(registry.get("llmq.retention.sweeps").tag("result", "swept").counter().count()).isEqualTo(1);

        var again = sweeper.sweepOnce();
        assertThat(again.counts().values()).as("nothing is left that is past its period").containsOnly(0L);
    }

    @Test
    void shouldRemoveTheProviderBatchRowsOfBatchesWhoseResultsWentAndNoOthers() throws Exception {
        var oldBatch = "batch_old_" + Ids.random(6);
        var recentBatch = "batch_recent_" + Ids.random(6);
        rows.resultsOfGoneOutput(oldBatch, 2, LONG_AGO);
        rows.resultsOfGoneOutput(recentBatch, 2, LATELY);
        for (int i = 0; i < 3; i++) {
            rows.providerBatch(oldBatch, "llmq-" + oldBatch + "-0-" + i, i == 0 ? "failed" : "ended");
        }
        rows.providerBatch(recentBatch, "llmq-" + recentBatch + "-0-0", "ended");

        var sweep = sweeper.sweepOnce();

        assertThat(sweep.count(Kind.PROVIDER_BATCHES)).isEqualTo(3);
        assertThat(rows.count("SELECT count(*) FROM provider_batches WHERE batch_id = ?", oldBatch)).isZero();
        assertThat(rows.count("SELECT count(*) FROM provider_batches WHERE batch_id = ?", recentBatch)).as("its output went lately").isEqualTo(1);
        assertThat(registry.get("llmq.retention.rows").tag("kind", "provider_batches").counter().count()).isEqualTo(3);
        assertThat(sweeper.sweepOnce().count(Kind.PROVIDER_BATCHES)).isZero();
    }

    @Test
    void shouldLetOnlyOneSweeperWorkAtATime() throws Exception {
        for (int i = 0; i < 3; i++) {
            rows.idempotencyKey("twice-" + i, LONG_AGO);
        }
        var otherMeters = new SimpleMeterRegistry();
        var other = sweeper(otherMeters);

        try (var held = SweepLock.tryTake(dataSource, SweepLock.keyFor(topic))) {
            assertThat(held).as("the lock was free").isNotNull();
            assertThat(SweepLock.tryTake(dataSource, SweepLock.keyFor(topic))).as("a second session cannot take it").isNull();
            var skipped = other.sweepOnce();
            assertThat(skipped.skipped()).isTrue();
            assertThat(rows.count("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?", rows.tenantId()))
                    .as("the skipped sweeper removed nothing").isEqualTo(3);
        }
        assertThat(otherMeters.get("llmq.retention.sweeps").tag("result", "skipped").counter().count()).isEqualTo(1);

        var swept = other.sweepOnce();
        assertThat(swept.skipped()).as("the lock is free again").isFalse();
        assertThat(swept.count(Kind.IDEMPOTENCY_KEYS)).isEqualTo(3);
    }

    @Test
    void shouldRemoveEachRowOnceWhenTwoSweepersStartTogether() throws Exception {
        rows.sql("""
                INSERT INTO idempotency_keys (tenant_id, scope, idem_key, request_hash, created_at)
                SELECT ?, 'race', 'k' || i, '\\x00'::bytea, now() - interval '2 hours' FROM generate_series(1, 2000) AS i""",
                rows.tenantId());
        var first = sweeper(new SimpleMeterRegistry());
        var second = sweeper(new SimpleMeterRegistry());
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> {
                start.await();
                return first.sweepOnce();
            });
            var b = pool.submit(() -> {
                start.await();
                return second.sweepOnce();
            });
            start.countDown();
            var sweeps = java.util.List.of(a.get(), b.get());
            assertThat(sweeps.stream().mapToLong(sw -> sw.count(Kind.IDEMPOTENCY_KEYS)).sum())
                    .as("whether they overlapped or one skipped, every row went once").isEqualTo(2000);
        }
        assertThat(rows.count("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?", rows.tenantId())).isZero();
    }

    @Test
    void shouldFailHeadersStuckInValidatingSayingWhy() throws Exception {
        var stuck = "batch_stuck_" + Ids.random(6);
        var fresh = "batch_fresh_" + Ids.random(6);
        rows.batch(stuck, "validating", 10, LONG_AGO, Duration.ofHours(20));
        rows.batch(fresh, "validating", 10, LATELY, Duration.ofHours(20));

        var sweep = sweeper.sweepOnce();

        assertThat(sweep.count(Kind.STUCK_VALIDATING)).isEqualTo(1);
        assertThat(rows.text("SELECT status FROM batches WHERE id = ?", stuck)).isEqualTo("failed");
        assertThat(rows.count("SELECT count(*) FROM batches WHERE id = ? AND failed_at IS NOT NULL", stuck)).isEqualTo(1);
        assertThat(rows.text("SELECT errors #>> '{data,0,code}' FROM batches WHERE id = ?", stuck)).isEqualTo("validation_timeout");
        assertThat(rows.text("SELECT errors #>> '{data,0,message}' FROM batches WHERE id = ?", stuck)).contains("still being validated");
        assertThat(rows.text("SELECT status FROM batches WHERE id = ?", fresh)).as("a submitter may still be at it").isEqualTo("validating");
    }

    @Test
    void shouldEndParkedJobsOfCancelledAndExpiredBatchesAsTheWorkersGuardDoes() throws Exception {
        var cancelled = "batch_cancel_" + Ids.random(6);
        var expired = "batch_expired_" + Ids.random(6);
        var lately = "batch_lately_" + Ids.random(6);
        rows.batch(cancelled, "cancelling", 3, Duration.ofMinutes(30), Duration.ofHours(20));
        rows.batch(expired, "in_progress", 2, Duration.ofHours(25), Duration.ofMinutes(-30));
        rows.batch(lately, "cancelling", 1, Duration.ofMinutes(1), Duration.ofHours(20));
        var window = System.currentTimeMillis() + Duration.ofHours(20).toMillis();
        for (int line = 1; line <= 3; line++) {
            rows.parkedJob(cancelled, line, window);
        }
        var closed = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
        rows.parkedJob(expired, 1, closed);
        rows.parkedJob(expired, 2, closed);
        rows.parkedJob(lately, 1, window);

        var sweep = sweeper.sweepOnce();

        assertThat(sweep.count(Kind.UNREACHED_JOBS)).isEqualTo(5);
        assertThat(rows.text("SELECT status FROM batches WHERE id = ?", cancelled)).isEqualTo("cancelled");
        assertThat(rows.text("SELECT string_agg(DISTINCT error ->> 'code', ',') FROM job_results WHERE batch_id = ?", cancelled))
                .isEqualTo("batch_cancelled");
        assertThat(rows.text("SELECT status FROM batches WHERE id = ?", expired)).isEqualTo("expired");
        assertThat(rows.count("SELECT expired FROM batches WHERE id = ?", expired)).isEqualTo(2);
        assertThat(rows.text("SELECT string_agg(DISTINCT error ->> 'code', ',') FROM job_results WHERE batch_id = ?", expired))
                .isEqualTo("batch_expired");
        assertThat(rows.count("SELECT count(*) FROM files WHERE batch_id IN (?, ?)", cancelled, expired))
                .as("each ended batch has its output and error file").isEqualTo(4);
        assertThat(rows.count("SELECT count(*) FROM outbox WHERE event_key IN (?, ?) AND payload ->> 'type' = 'batch.completed'",
                cancelled, expired)).isEqualTo(2);
        assertThat(rows.count("SELECT count(*) FROM parked_jobs WHERE batch_id IN (?, ?)", cancelled, expired)).isZero();
        assertThat(rows.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", lately)).as("cancelled within the grace").isEqualTo(1);
        assertThat(rows.text("SELECT status FROM batches WHERE id = ?", lately)).isEqualTo("cancelling");
    }

    @Test
    void shouldEndACancellingBatchWhoseJobsHaveAllEnded() throws Exception {
        var batch = "batch_idle_" + Ids.random(6);
        rows.batch(batch, "cancelling", 2, Duration.ofMinutes(30), Duration.ofHours(20));
        rows.sql("UPDATE batches SET completed = 1, cancelled = 1 WHERE id = ?", batch);

        var sweep = sweeper.sweepOnce();

        assertThat(sweep.count(Kind.UNENDED_BATCHES)).isEqualTo(1);
        assertThat(rows.text("SELECT status FROM batches WHERE id = ?", batch)).isEqualTo("cancelled");
        assertThat(rows.count("SELECT count(*) FROM batches WHERE id = ? AND output_file_id IS NOT NULL AND error_file_id IS NOT NULL", batch))
                .isEqualTo(1);
    }
}
