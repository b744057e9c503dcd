package io.llmq.standalone.outcome;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.Ids;
import io.llmq.schema.db.Database;
import io.llmq.schema.message.JobMessage;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.outcome.AttemptJournal;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.CallAttempt;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.outcome.UnansweredCalls;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal of calls in flight on a real PostgreSQL: a call is written down before it is sent,
 * an unbilled answer removes it, a gone worker's call enters the ledger as an estimate (a live
 * worker's does not), and an answer that arrives after its estimate replaces it.
 */
class CallJournalTest {
    private static HikariDataSource pool;
    private AttemptJournal journal;
    private String batch;
    private String model;

    @BeforeAll
    static void migrate() throws SQLException {
        var pg = TestEngines.sharedPostgres();
        pool = Database.pool("journal-test", pg.jdbcUrl(), pg.user(), pg.password(), 4);
        Database.migrate(pool);
        Sql.update(pool, "INSERT INTO tenants (id, name) VALUES ('default', 'default') ON CONFLICT (id) DO NOTHING");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void start() throws SQLException {
        journal = new AttemptJournal(pool, "journal-test");
        journal.start();
        batch = Sql.batch(pool, "batch_journal", 2);
        model = "m-journal-" + Ids.random(8);
        Sql.price(pool, model);
    }

    @AfterEach
    void stop() {
        journal.close();
    }

    @Test
    void shouldKeepACallFromBeforeItIsSentUntilItsUnbilledAnswerArrives() throws Exception {
        var call = attempt(1, "w-live-" + Ids.random(6));
        journal.opened(call);
        assertThat(rowsOf(call)).as("written down before the call is sent").isEqualTo(1);

        journal.answeredUnbilled(call.attemptId());
        await().atMost(Duration.ofSeconds(10)).until(() -> rowsOf(call) == 0);
        assertThat(Sql.count(pool, "SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isZero();
    }

    @Test
    void shouldEstimateTheCallsOfAGoneWorkerOnlyAndReplaceAnEstimateByALateAnswer() throws Exception {
        var live = "w-live-" + Ids.random(6);
        Sql.update(pool, "INSERT INTO worker_heartbeats (instance_id, jobs_topic, budget, in_flight) VALUES (?, 'llmq.jobs', 1, 1)", live);
        var ofLive = attempt(1, live);
        var ofGone = attempt(2, "w-gone-" + Ids.random(6));
        journal.opened(ofLive);
        journal.opened(ofGone);

        // both calls were sent two minutes ago; only the live worker has beaten within the last minute
        Sql.update(pool, "UPDATE call_attempts SET created_at = now() - interval '2 minutes' WHERE batch_id = ?", batch);
        var estimated = UnansweredCalls.estimate(pool, 60, 1000);
        assertThat(rowsOf(ofLive)).as("a live worker's call waits for its answer").isEqualTo(1);
        assertThat(rowsOf(ofGone)).isZero();
        assertThat(estimated.calls()).isGreaterThanOrEqualTo(1);
        // 100 prompt tokens at 1 per Mtok and a bound of 50 output tokens at 2 per Mtok
        var estimate = new BigDecimal("0.000200");
        assertThat(Sql.decimal(pool, "SELECT cost FROM ledger_entries WHERE attempt_id = ? AND kind = 'estimated'", ofGone.attemptId()))
                .isEqualByComparingTo(estimate);
        assertThat(Sql.decimal(pool, "SELECT cost FROM batches WHERE id = ?", batch)).isEqualByComparingTo(estimate);

        // the gone worker was only silent: its answer (100 in, 10 out) arrives after the estimate
        var store = new OutcomeStore(pool, "llmq.results", Clock.systemUTC());
        store.write(List.of(succeeded(ofGone, new Usage(100, 0, 10))));
        var answered = new BigDecimal("0.000120");
        assertThat(Sql.decimal(pool, "SELECT sum(cost) FROM ledger_entries WHERE attempt_id = ?", ofGone.attemptId()))
                .as("the estimate is withdrawn, the answer stays").isEqualByComparingTo(answered);
        assertThat(Sql.count(pool, "SELECT count(*) FROM ledger_entries WHERE attempt_id = ? AND kind = 'correction'",
                ofGone.attemptId())).isEqualTo(1);
        assertThat(Sql.decimal(pool, "SELECT cost FROM batches WHERE id = ?", batch)).isEqualByComparingTo(answered);

        // the live worker's answer is billed: its row goes in the outcome's transaction, no correction
        store.write(List.of(succeeded(ofLive, new Usage(100, 0, 10))));
        assertThat(rowsOf(ofLive)).isZero();
        assertThat(Sql.count(pool, "SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'correction'", batch))
                .isEqualTo(1);
    }

    private CallAttempt attempt(int line, String instance) {
        var job = batch + "-" + line;
        return new CallAttempt(job + "/1/" + instance, instance, "default", batch, job, 1, "d-test", model, 100, 50,
                System.currentTimeMillis());
    }

    private Outcome succeeded(CallAttempt call, Usage usage) {
        var line = Integer.parseInt(call.jobId().substring(call.jobId().lastIndexOf('-') + 1));
        var job = new JobMessage(call.jobId(), batch, "default", "c-" + line, line, "/v1/chat/completions", model,
                null, "normal", 0, Long.MAX_VALUE);
        var billed = BilledAttempt.call(1, call.attemptId(), "d-test", model, usage, call.calledAtMillis());
        return new Outcome(job, true, 200, "req-" + line, "{}", null, model, "d-test", 1, List.of(billed));
    }

    private static long rowsOf(CallAttempt call) throws SQLException {
        return Sql.count(pool, "SELECT count(*) FROM call_attempts WHERE attempt_id = ?", call.attemptId());
    }
}
