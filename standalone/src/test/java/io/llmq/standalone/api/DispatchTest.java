package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatch stage on real engines: accepted jobs wait in PostgreSQL and a dispatcher releases
 * them into Kafka in fair-share order, only as much as the workers can hold. Behaviour, not
 * timing: who finishes before whom, what reached Kafka, what ran how often.
 */
class DispatchTest {
    private Stack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private Stack start(int workers, Duration latency) throws Exception {
        stack = Stack.start(StackConfig.forTests(workers, latency), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        return stack;
    }

    private static String submit(ApiClient api, String name, int jobs) throws Exception {
        var file = api.uploadBatchFile(name + ".jsonl", Requests.chat(jobs, name).jsonl());
        return api.createBatch(file.path("id").asText(), "normal").path("id").asText();
    }

    @Test
    void shouldServeASecondTenantsBigBatchBesideTheFirstInsteadOfAfterIt() throws Exception {
        start(1, Duration.ofMillis(200));
        var db = new Database(stack.postgres());
        var a = new ApiClient(stack.baseUrl(), stack.apiKey());
        var b = new ApiClient(stack.baseUrl(), Tenants.create(stack.baseUrl(), "tenant-b").key());
        var first = submit(a, "tenant-a", 3000);
        await().atMost(Duration.ofSeconds(60)).until(() -> a.batch(first).path("request_counts").path("completed").asInt() > 0);
        var second = submit(b, "tenant-b", 1000);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> "completed".equals(b.batch(second).path("status").asText()));
        // in a FIFO queue B's jobs would all wait behind A's 3,000; with fair shares both run side by side
        assertThat(a.batch(first).path("request_counts").path("completed").asInt())
                .as("tenant A still had work when tenant B's batch of a third of its size ended").isLessThan(3000);
        var whileBoth = db.count("""
                SELECT count(*) FROM job_results WHERE batch_id = ? AND finished_at
                    BETWEEN (SELECT min(finished_at) FROM job_results WHERE batch_id = ?)
                        AND (SELECT max(finished_at) FROM job_results WHERE batch_id = ?)""", first, second, second);
        assertThat(whileBoth).as("tenant A kept its share while B ran: %d of A's jobs ended meanwhile", whileBoth)
                .isBetween(300L, 3000L);
        await().atMost(Duration.ofSeconds(120)).until(() -> "completed".equals(a.batch(first).path("status").asText()));
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id IN (?, ?)", first, second)).isEqualTo(4000);
    }

    @Test
    void shouldFillTheWholeInFlightBudgetWithALoneBatchAndReleaseNoMoreThanTheWindow() throws Exception {
        start(1, Duration.ofSeconds(1));
        var db = new Database(stack.postgres());
        var api = new ApiClient(stack.baseUrl(), stack.apiKey());
        var batch = submit(api, "lone", 3000);
        var budget = stack.config().maxInFlightPerWorker();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> stack.inFlight() >= budget);
        var released = db.count("SELECT claimed FROM dispatch_queue WHERE batch_id = ?", batch);
        assertThat(released).as("the rest waits in PostgreSQL, not in Kafka").isLessThan(3000 / 2);
        assertThat(released).isGreaterThanOrEqualTo(budget);
    }

    @Test
    void shouldLoseAndRepeatNothingWhenADispatcherDiedBetweenClaimAndAcknowledgement() throws Exception {
        start(1, Duration.ofMillis(10));
        var db = new Database(stack.postgres());
        var api = new ApiClient(stack.baseUrl(), stack.apiKey());
        // no dispatcher while we stage the crash: the only worker goes
        stack.haltWorker(stack.workers().get(0));
        var jobs = 1000;
        var batch = submit(api, "in-doubt", jobs);
        assertThat(db.count("SELECT claimed FROM dispatch_queue WHERE batch_id = ?", batch)).isZero();

        // a dispatcher claimed [0, 300) and got only its first 150 jobs out before it died
        db.update("UPDATE dispatch_queue SET claimed = 300 WHERE batch_id = ?", batch);
        StagedJobs.produceFirst(stack, batch, 150);

        var callsBefore = stack.simulator().bill().calls();
        stack.addWorker();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> "completed".equals(api.batch(batch).path("status").asText()));
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batch)).isEqualTo(jobs);
        assertThat(db.count("SELECT count(DISTINCT job_id) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(jobs);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).as("one ledger row per job").isEqualTo(jobs);
        assertThat(stack.simulator().bill().calls() - callsBefore).as("the 150 jobs produced twice were called once").isEqualTo(jobs);
        assertThat(db.count("SELECT dispatched FROM dispatch_queue WHERE batch_id = ?", batch)).isEqualTo(jobs);
    }

    @Test
    void shouldHandTheDispatchToAnotherWorkerWhenTheLeaderDies() throws Exception {
        start(2, Duration.ofMillis(50));
        var db = new Database(stack.postgres());
        var api = new ApiClient(stack.baseUrl(), stack.apiKey());
        var jobs = 3000;
        var batch = submit(api, "failover", jobs);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.batch(batch).path("request_counts").path("completed").asInt() >= 300);
        var leader = stack.workers().stream().filter(w -> w.dispatching()).findFirst().orElseThrow();
        stack.haltWorker(leader);
        var survivor = stack.workers().get(0);
        await().atMost(Duration.ofSeconds(30)).until(survivor::dispatching);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> "completed".equals(api.batch(batch).path("status").asText()));
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batch)).isEqualTo(jobs);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(jobs);
    }

    @Test
    void shouldReleaseNothingMoreOnceABigBatchIsCancelled() throws Exception {
        start(1, Duration.ofSeconds(1));
        var db = new Database(stack.postgres());
        var api = new ApiClient(stack.baseUrl(), stack.apiKey());
        var jobs = 20_000;
        var batch = submit(api, "cancel-big", jobs);
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.inFlight() > 0);
        var cancel = Http.to(stack.baseUrl()).bearer(stack.apiKey()).post("/v1/batches/" + batch + "/cancel", "");
        assertThat(cancel.status()).isEqualTo(200);
        var claimedAtCancel = db.count("SELECT claimed FROM dispatch_queue WHERE batch_id = ?", batch);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "cancelled".equals(api.batch(batch).path("status").asText()));
        var claimed = db.count("SELECT claimed FROM dispatch_queue WHERE batch_id = ?", batch);
        assertThat(claimed - claimedAtCancel).as("at most the one tick under way when the cancel came").isLessThan(300);
        assertThat(db.strings("SELECT closed_reason FROM dispatch_queue WHERE batch_id = ?", batch)).containsExactly("cancelled");
        var counts = api.batch(batch).path("request_counts");
        assertThat(counts.path("total").asInt()).isEqualTo(jobs);
        assertThat(counts.path("completed").asInt() + counts.path("failed").asInt()).isEqualTo(jobs);
        assertThat(db.count("SELECT cancelled FROM batches WHERE id = ?", batch))
                .as("the unreleased jobs ended with the batch").isGreaterThan(jobs - claimed - 1);
    }
}
