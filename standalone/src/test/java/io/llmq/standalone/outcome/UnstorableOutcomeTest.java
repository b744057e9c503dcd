package io.llmq.standalone.outcome;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.Ids;
import io.llmq.schema.db.Database;
import io.llmq.schema.message.JobMessage;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outcome writer on a real PostgreSQL, fed outcomes PostgreSQL refuses among good ones: the
 * good ones commit, each refused job ends exactly once (failed, billed, counted in its batch), and
 * the writer goes on with later outcomes. Before, the writer retried the whole group forever.
 */
class UnstorableOutcomeTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static HikariDataSource pool;
    private final Set<String> durable = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unstorable = new AtomicInteger();
    private OutcomeWriter writer;

    @BeforeAll
    static void migrate() throws SQLException {
        var pg = TestEngines.sharedPostgres();
        pool = Database.pool("unstorable-test", pg.jdbcUrl(), pg.user(), pg.password(), 4);
        Database.migrate(pool);
        update("INSERT INTO tenants (id, name) VALUES ('default', 'default') ON CONFLICT (id) DO NOTHING");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @AfterEach
    void stopWriter() {
        writer.halt();
    }

    private void startWriter() {
        writer = new OutcomeWriter(new OutcomeStore(pool, "llmq.results", Clock.systemUTC()), "llmq-writer-test", written -> {
        }, unstorable::incrementAndGet);
    }

    @Test
    void shouldStoreTheGoodOutcomesAndEndEachRefusedJobFailedOnceWhenAGroupHoldsRowsPostgresRefuses() throws Exception {
        var model = pricedModel();
        var batch = batch(7);
        startWriter();
        // submitted before the writer starts, so that they form one group
        submit(succeeded(batch, 1, "c-1", model, "{}"));
        submit(succeeded(batch, 2, "c-2", model, "{}"));
        // two custom ids that differ only by a lone surrogate: PostgreSQL stores both as "dup?"
        submit(succeeded(batch, 3, "dup\uD800", model, "{}"));
        submit(succeeded(batch, 4, "c-4", model, "{}"));
        submit(succeeded(batch, 5, "dup\uDC00", model, "{}"));
        // an answer jsonb refuses (SQLSTATE 22P02)
        submit(succeeded(batch, 6, "c-6", model, "{\"truncated\": "));
        writer.start();

        await().atMost(BOUND).until(() -> durable.size() == 6);
        assertThat(count("SELECT count(*) FROM job_results WHERE batch_id = ? AND status = 'succeeded'", batch)).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM job_results WHERE batch_id = ? AND status = 'failed'"
                + " AND error->>'code' = 'result_not_storable'", batch)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM job_results WHERE job_id = ? AND custom_id = job_id", batch + "-5"))
                .as("the second 'dup?' is stored under its job id").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM job_results WHERE job_id = ? AND custom_id = 'c-6' AND response IS NULL",
                batch + "-6")).as("a refused answer keeps its custom id when that is free").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND cost > 0", batch))
                .as("every billed attempt is in the ledger, the refused ones too").isEqualTo(6);
        assertThat(count("SELECT count(*) FROM outbox WHERE payload->>'batchId' = ? AND payload->>'type' = 'job.failed'", batch))
                .isEqualTo(2);
        assertThat(unstorable).hasValue(2);

        // the writer goes on: a later outcome ends the batch, with every job counted once
        submit(succeeded(batch, 7, "c-7", model, "{}"));
        await().atMost(BOUND).until(() -> durable.size() == 7);
        assertThat(count("SELECT count(*) FROM batches WHERE id = ? AND status = 'completed' AND completed = 5 AND failed = 2"
                + " AND cost = (SELECT sum(cost) FROM ledger_entries WHERE batch_id = ?)", batch, batch)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM job_results WHERE batch_id = ?", batch)).isEqualTo(7);
    }

    /**
     * A model whose prices were deleted: its ledger rows are refused, and so is its failed
     * outcome, which keeps them. The job waits alone, the rest is written, and once a price is
     * back the job's own outcome is stored, once.
     */
    @Test
    void shouldSetAsideAJobWhoseLedgerRowsAreRefusedWithoutHoldingUpTheOthers() throws Exception {
        var model = pricedModel();
        var unpriced = "m-unpriced-" + Ids.random(8);
        var batch = batch(3);
        startWriter();
        submit(succeeded(batch, 1, "c-1", model, "{}"));
        submit(succeeded(batch, 2, "c-2", unpriced, "{}"));
        submit(succeeded(batch, 3, "c-3", model, "{}"));
        writer.start();

        await().atMost(BOUND).until(() -> durable.containsAll(Set.of(batch + "-1", batch + "-3")));
        assertThat(durable).doesNotContain(batch + "-2");
        assertThat(count("SELECT count(*) FROM job_results WHERE job_id = ?", batch + "-2")).isZero();
        assertThat(writer.backlog()).as("the set-aside job is still pending").isEqualTo(1);

        price(unpriced);
        await().atMost(BOUND).until(() -> durable.contains(batch + "-2"));
        assertThat(count("SELECT count(*) FROM job_results WHERE job_id = ? AND status = 'succeeded'", batch + "-2")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM batches WHERE id = ? AND status = 'completed' AND completed = 3", batch)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(3);
    }

    private void submit(Outcome outcome) {
        writer.submit(outcome, () -> durable.add(outcome.job().jobId()));
    }

    private static Outcome succeeded(String batch, int line, String customId, String model, String body) {
        var job = new JobMessage(batch + "-" + line, batch, "default", customId, line, "/v1/chat/completions", model,
                null, "normal", 0, Long.MAX_VALUE);
        var billed = BilledAttempt.call(1, "att-" + line, "d-test", model, new Usage(100, 0, 10), System.currentTimeMillis());
        return new Outcome(job, true, 200, "req-" + line, body, null, model, "d-test", 1, List.of(billed));
    }

    private static String batch(int total) throws SQLException {
        return Sql.batch(pool, "batch_unstorable", total);
    }

    private static String pricedModel() throws SQLException {
        var model = "m-unstorable-" + Ids.random(8);
        price(model);
        return model;
    }

    private static void price(String model) throws SQLException {
        Sql.price(pool, model);
    }

    private static long count(String sql, Object... args) throws SQLException {
        return Sql.count(pool, sql, args);
    }

    private static void update(String sql, Object... args) throws SQLException {
        Sql.update(pool, sql, args);
    }
}
