package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.provider.batch.BatchHttp;
import io.llmq.worker.provider.batch.OpenAiBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A runner killed between writing a provider batch's row and recording the provider's id: the state
 * it leaves (the row, counted as attempted, no provider id) is written by hand while no worker runs,
 * with or without the provider batch its create made. The next worker's runner asks the provider by
 * the row's key and adopts the batch it finds, or creates it when the create never arrived: one
 * provider batch per key, every job ends once. A provider batch whose results are read again (its
 * runner died before it marked it ended) writes nothing twice.
 */
class ProviderBatchCrashTest {
    private static final int JOBS = 12;

    private Stack stack;
    private Database db;
    private OpenAiBatchApi provider;
    private BatchHttp http;

    @BeforeEach
    void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(20)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_PROVIDER_BATCH_POLL_MS", "300"));
        db = new Database(stack.postgres());
        http = new BatchHttp();
        provider = new OpenAiBatchApi(http, new Deployment("simulator", "openai", stack.simulator().baseUrl() + "/v1", null,
                Duration.ofSeconds(10), null, null, true, true), null, Clock.systemUTC());
        stack.haltWorker(stack.workers().getFirst());
    }

    @AfterEach
    void stop() {
        http.close();
        stack.close();
    }

    @Test
    void shouldAdoptTheProviderBatchTheDeadRunnerCreatedInsteadOfCreatingASecond() throws Exception {
        var batch = acceptWithoutWorkers("pb-adopt");
        var key = leaveRowOfADeadRunner(batch);
        var created = provider.create(key, requests(batch));

        stack.addWorker();
        var done = awaitEnded(batch);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(JOBS);
        assertThat(db.strings("SELECT provider_id FROM provider_batches WHERE key = ?", key)).containsExactly(created);
        assertThat(provider.find(key, Instant.EPOCH)).contains(created);
        assertThat(providerBatchesUnder(key)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(JOBS);
    }

    @Test
    void shouldCreateTheProviderBatchOnceWhenTheDeadRunnersCreateNeverArrived() throws Exception {
        var batch = acceptWithoutWorkers("pb-lost-create");
        var key = leaveRowOfADeadRunner(batch);

        stack.addWorker();
        var done = awaitEnded(batch);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(JOBS);
        assertThat(providerBatchesUnder(key)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batch)).isEqualTo(JOBS);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(JOBS);
    }

    @Test
    void shouldSkipTheOutcomesAlreadyWrittenWhenADeadRunnersResultsAreReadAgain() throws Exception {
        var batch = acceptWithoutWorkers("pb-read-again");
        stack.addWorker();
        awaitEnded(batch);
        var costBefore = db.strings("SELECT cost::text FROM batches WHERE id = ?", batch).getFirst();

        // what a runner leaves that wrote every outcome and died before it marked its provider batch ended
        reopen(batch);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> db.count("SELECT count(*) FROM provider_batches WHERE batch_id = ? AND status = 'ended'", batch) == 1);

        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(JOBS);
        assertThat(db.count("SELECT completed FROM batches WHERE id = ?", batch)).isEqualTo(JOBS);
        assertThat(db.strings("SELECT cost::text FROM batches WHERE id = ?", batch)).containsExactly(costBefore);
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batch)).isEqualTo(JOBS);
        assertThat(db.count("SELECT succeeded FROM provider_batches WHERE batch_id = ?", batch)).isEqualTo(JOBS);
    }

    private void reopen(String batch) throws Exception {
        var pg = stack.postgres();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var st = c.prepareStatement("UPDATE provider_batches SET status = 'in_progress' WHERE batch_id = ?")) {
            st.setString(1, batch);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    private String acceptWithoutWorkers(String name) throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), name);
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var body = Json.object();
        body.put("endpoint", "/v1/chat/completions");
        body.put("completion_window", "1h");
        body.set("requests", Requests.chat(JOBS, name).array());
        body.putObject("metadata").put("llmq_route", "provider_batch");
        var answer = api.post("/v1/batches", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().path("id").asText();
    }

    /** What a runner leaves that planned the batch, counted its create, and died before recording the provider's id. */
    private String leaveRowOfADeadRunner(String batch) throws Exception {
        var key = "llmq-" + batch + "-0-0";
        var pg = stack.postgres();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            c.setAutoCommit(false);
            try (var st = c.prepareStatement("UPDATE dispatch_queue SET claimed = total, dispatched = total WHERE batch_id = ?")) {
                st.setString(1, batch);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO provider_batches (key, batch_id, jobs_topic, deployment, job_seqs, total, create_attempts)
                    SELECT ?, ?, ?, 'simulator', array(SELECT generate_series(0, ? - 1)), ?, 1""")) {
                st.setString(1, key);
                st.setString(2, batch);
                st.setString(3, stack.config().topics().jobsTopic());
                st.setInt(4, JOBS);
                st.setInt(5, JOBS);
                st.executeUpdate();
            }
            c.commit();
        }
        return key;
    }

    private static List<ProviderBatchRequest> requests(String batch) {
        List<ProviderBatchRequest> requests = new ArrayList<>();
        var lines = Requests.chat(JOBS, "x").array();
        for (int i = 0; i < JOBS; i++) {
            var body = (com.fasterxml.jackson.databind.node.ObjectNode) lines.get(i).path("body").deepCopy();
            requests.add(new ProviderBatchRequest(Ids.job(batch, i + 1), "/v1/chat/completions", body));
        }
        return requests;
    }

    /** Provider batches the simulator holds under the key (its list, newest first, read whole). */
    private long providerBatchesUnder(String key) throws Exception {
        var list = Http.to(stack.simulator().baseUrl()).get("/v1/batches?limit=100").json().path("data");
        var n = 0L;
        for (var b : list) {
            if (key.equals(b.at("/metadata/llmq_key").asText())) {
                n++;
            }
        }
        return n;
    }

    private JsonNode awaitEnded(String batch) throws Exception {
        var seen = new String[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = db.strings("SELECT status FROM batches WHERE id = ?", batch).getFirst();
            return Set.of("completed", "failed", "expired", "cancelled").contains(seen[0]);
        });
        var row = Json.object();
        row.put("status", seen[0]);
        row.putObject("request_counts").put("completed", db.count("SELECT completed FROM batches WHERE id = ?", batch));
        return row;
    }
}
