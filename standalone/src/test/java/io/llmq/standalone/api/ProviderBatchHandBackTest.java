package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.llmq.standalone.api.ProviderBatchRuns.awaitEnded;
import static io.llmq.standalone.api.ProviderBatchRuns.body;
import static io.llmq.standalone.api.ProviderBatchRuns.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs the provider batch runner hands back to synchronous calls go through the dispatcher's window
 * ({@code handed_back_jobs}), on real engines: a whole refused provider batch does not enter Kafka at
 * once ahead of another tenant's work, a cancel ends the waiting hand-backs without a call, and a
 * dispatcher that died half-way through releasing them loses and repeats nothing. Each state a runner
 * leaves is written by hand while no worker runs, as {@link ProviderBatchCrashTest} does.
 */
class ProviderBatchHandBackTest {
    private Stack stack;
    private Database db;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private void start(Duration latency) throws Exception {
        stack = Stack.start(StackConfig.forTests(1, latency), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_PROVIDER_BATCH_POLL_MS", "300"));
        db = new Database(stack.postgres());
        stack.haltWorker(stack.workers().getFirst());
    }

    @Test
    void shouldReleaseARefusedProviderBatchWithinTheWindowBesideAnotherTenantsSyncBatch() throws Exception {
        start(Duration.ofMillis(200));
        var jobs = 2000;
        var refusedApi = api("pb-refused");
        var refused = create(refusedApi, body(Requests.chat(jobs, "rf"), "provider_batch"));
        // planned onto a deployment that has no batch API any more: the runner hands every job back, as on a refusal
        handOver(refused, "withdrawn-deployment", "creating");
        var otherApi = api("pb-neighbour");
        var other = create(otherApi, body(Requests.chat(600, "nb"), "sync"));

        stack.addWorker();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> db.count("SELECT count(*) FROM provider_batches WHERE batch_id = ? AND status = 'ended'", refused) == 1);
        var aheadAtMost = new long[1];
        // a sample at every poll until the neighbour's batch ends; the assertions are on what was seen, not on timing
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).alias("the neighbour's batch ends").until(() -> {
            // released into Kafka and not ended yet: what the refused batch holds of the window
            var released = jobs - db.count("SELECT count(*) FROM handed_back_jobs WHERE batch_id = ?", refused);
            aheadAtMost[0] = Math.max(aheadAtMost[0], released - finished(refused));
            return ended(other);
        });
        var refusedDoneWhenOtherEnded = finished(refused);

        assertThat(aheadAtMost[0]).as("a 64-job budget and its buffer, not the whole refused batch").isLessThanOrEqualTo(400);
        assertThat(refusedDoneWhenOtherEnded).as("the neighbour ended first although it waited behind 2,000 handed-back jobs")
                .isLessThan(jobs).isGreaterThanOrEqualTo(300);
        var done = awaitEnded(refusedApi, refused);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", refused)).isEqualTo(jobs);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'call'", refused)).isEqualTo(jobs);
        assertThat(db.count("SELECT released FROM provider_batches WHERE batch_id = ?", refused)).isEqualTo(jobs);
        assertThat(db.count("SELECT count(*) FROM handed_back_jobs WHERE batch_id = ?", refused)).isZero();
        assertThat(awaitEnded(otherApi, other).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void shouldEndTheWaitingHandBacksOfACancelledBatchWithoutCallingTheProvider() throws Exception {
        start(Duration.ofMillis(20));
        var jobs = 300;
        var api = api("pb-cancel-waiting");
        var batch = handedBack(api, "cw", jobs);
        assertThat(api.post("/v1/batches/" + batch + "/cancel", "{}").status()).isEqualTo(200);
        var callsBefore = stack.simulator().bill().calls();

        stack.addWorker();
        var ended = awaitEnded(api, batch);

        assertThat(ended.path("status").asText()).isEqualTo("cancelled");
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ? AND status = 'cancelled'", batch)).isEqualTo(jobs);
        assertThat(db.strings("SELECT DISTINCT error->>'code' FROM job_results WHERE batch_id = ?", batch))
                .containsExactly("batch_cancelled");
        assertThat(stack.simulator().bill().calls() - callsBefore).as("no job reached a provider").isZero();
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isZero();
        assertThat(db.count("SELECT count(*) FROM handed_back_jobs WHERE batch_id = ?", batch)).isZero();
    }

    @Test
    void shouldLoseAndRepeatNothingWhenTheDispatcherDiedReleasingHandBacks() throws Exception {
        start(Duration.ofMillis(10));
        var jobs = 500;
        var api = api("pb-hand-back-crash");
        var batch = handedBack(api, "hc", jobs);
        // a dispatcher claimed the first 100 hand-backs and died after producing 50 of them
        db.update("UPDATE handed_back_jobs SET claimed = true WHERE batch_id = ? AND seq < 100", batch);
        StagedJobs.produceFirst(stack, batch, 50);
        var callsBefore = stack.simulator().bill().calls();

        stack.addWorker();
        var done = awaitEnded(api, batch);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batch)).isEqualTo(jobs);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).as("one ledger row per job").isEqualTo(jobs);
        assertThat(stack.simulator().bill().calls() - callsBefore).as("the 50 jobs produced twice were called once").isEqualTo(jobs);
        assertThat(db.count("SELECT count(*) FROM handed_back_jobs WHERE batch_id = ?", batch)).isZero();
    }

    private Http api(String tenant) throws Exception {
        return Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), tenant).key());
    }

    private boolean ended(String batch) throws Exception {
        return !db.strings("SELECT status FROM batches WHERE id = ? AND status IN ('completed', 'failed', 'expired', 'cancelled')",
                batch).isEmpty();
    }

    private long finished(String batch) throws Exception {
        return db.count("SELECT completed + failed + cancelled + expired FROM batches WHERE id = ?", batch);
    }

    /**
     * A provider-routed batch as the runner leaves it once the provider refused its provider batch
     * (the row failed) and it handed every job back: a waiting row per job (the runner writes both in one transaction).
     */
    private String handedBack(Http api, String prefix, int jobs) throws Exception {
        var batch = create(api, body(Requests.chat(jobs, prefix), "provider_batch"));
        handOver(batch, "simulator", "failed");
        db.update("""
                INSERT INTO handed_back_jobs (batch_id, seq, jobs_topic)
                SELECT q.batch_id, s, q.jobs_topic FROM dispatch_queue q, generate_series(0, q.total - 1) s WHERE q.batch_id = ?""",
                batch);
        db.update("UPDATE provider_batches SET released = total WHERE batch_id = ?", batch);
        return batch;
    }

    /** What the planner leaves, with the row moved on to {@code status}: every staged job handed to one provider batch row. */
    private void handOver(String batch, String deployment, String status) throws Exception {
        assertThat(db.update("UPDATE dispatch_queue SET claimed = total, dispatched = total WHERE batch_id = ?", batch)).isEqualTo(1);
        db.update("""
                INSERT INTO provider_batches (key, batch_id, jobs_topic, deployment, job_seqs, total, status)
                SELECT 'llmq-' || q.batch_id || '-0-0', q.batch_id, q.jobs_topic, ?, array(SELECT generate_series(0, q.total - 1)),
                       q.total, ?
                FROM dispatch_queue q WHERE q.batch_id = ?""", deployment, status, batch);
    }
}
