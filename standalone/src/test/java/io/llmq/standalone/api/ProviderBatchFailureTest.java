package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.batch.BatchSettings;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static io.llmq.standalone.api.ProviderBatchRuns.awaitEnded;
import static io.llmq.standalone.api.ProviderBatchRuns.body;
import static io.llmq.standalone.api.ProviderBatchRuns.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provider batch route when things go wrong, on real engines and the simulator's OpenAI Batch API:
 * a quarter of the lines fail inside the provider batch (they run again as synchronous calls, each
 * job ends once), and a cancel of the llmq batch cancels its provider batch, keeps and bills the lines
 * the provider answered, and ends the rest cancelled. The simulator takes 8 s per provider batch, so
 * the cancel arrives while it runs, after it answered some lines.
 */
class ProviderBatchFailureTest {
    private static final int JOBS = 40;

    private static Stack stack;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        var config = StackConfig.forTests(1, Duration.ofMillis(20));
        config = config.withSimulator(config.simulator().withBatches(BatchSettings.defaults().withDelay(Duration.ofSeconds(8))
                .withFailureRate(0.25)));
        stack = Stack.start(config, TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                // a batch with a one-minute window spills 54 s before its end (90 % of it), 6 s into its 8 s provider batch
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_PROVIDER_BATCH_POLL_MS", "300", "LLMQ_PROVIDER_BATCH_SPILL_SECONDS", "57"));
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldRunTheLinesThatFailedInsideTheProviderBatchAsSynchronousCallsAndEndEveryJobOnce() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-failed-lines");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var id = create(api, body(Requests.chat(JOBS, "fl"), "provider_batch"));

        var done = awaitEnded(api, id);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(JOBS);
        var viaProvider = db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'provider_batch'", id);
        var viaSync = db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'call'", id);
        assertThat(viaSync).as("the failed lines ran synchronously").isPositive();
        assertThat(viaProvider).as("the answered lines stayed").isPositive();
        assertThat(viaProvider + viaSync).isEqualTo(JOBS);
        assertThat(db.count("SELECT count(DISTINCT job_id) FROM ledger_entries WHERE batch_id = ?", id)).isEqualTo(JOBS);
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", id)).isEqualTo(JOBS);
        assertThat(db.count("SELECT released FROM provider_batches WHERE batch_id = ?", id)).isEqualTo(viaSync);
        assertThat(new BigDecimal(done.at("/llmq/cost_usd").asText()))
                .isEqualByComparingTo(db.strings("SELECT coalesce(sum(cost), 0)::text FROM ledger_entries WHERE batch_id = ?", id).get(0));
    }

    @Test
    void shouldSpillWhatTheProviderBatchHasNotAnsweredToSynchronousCallsBeforeTheWindowEnds() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-spill");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var body = body(Requests.chat(JOBS, "sp"), "provider_batch");
        body.put("completion_window", "1m");
        var id = create(api, body);

        var done = awaitEnded(api, id);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(JOBS);
        assertThat(done.path("completed_at").asLong()).isLessThanOrEqualTo(done.path("expires_at").asLong());
        assertThat(db.count("SELECT count(*) FROM provider_batches WHERE batch_id = ? AND cancel_requested", id))
                .as("cancelled at the provider when the window's end came near").isEqualTo(1);
        var viaProvider = db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'provider_batch'", id);
        var viaSync = db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'call'", id);
        assertThat(viaProvider).isPositive();
        assertThat(viaSync).isPositive();
        assertThat(viaProvider + viaSync).isEqualTo(JOBS);
        assertThat(db.count("SELECT count(DISTINCT job_id) FROM ledger_entries WHERE batch_id = ?", id)).isEqualTo(JOBS);
    }

    @Test
    void shouldCancelTheOpenProviderBatchAndBillOnlyTheLinesItAnswered() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-cancel");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var id = create(api, body(Requests.chat(JOBS, "cx"), "provider_batch"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> db.count("SELECT coalesce(sum(succeeded), 0) FROM provider_batches WHERE batch_id = ?", id) > 0);
        var simulator = deployment(api.get("/v1/providers").json(), "simulator");
        assertThat(simulator.path("batch_api").asBoolean()).isTrue();
        assertThat(simulator.at("/provider_batches/open").asInt()).isPositive();
        assertThat(simulator.at("/provider_batches/requests_waiting").asInt()).isPositive();

        var cancelling = api.post("/v1/batches/" + id + "/cancel", "{}");
        assertThat(cancelling.status()).as(cancelling.text()).isEqualTo(200);
        var ended = awaitEnded(api, id);

        assertThat(ended.path("status").asText()).isEqualTo("cancelled");
        assertThat(db.count("SELECT count(*) FROM provider_batches WHERE batch_id = ? AND cancel_requested", id)).isEqualTo(1);
        var succeeded = ended.at("/llmq/request_counts/succeeded").asInt();
        var cancelled = ended.at("/llmq/request_counts/cancelled").asInt();
        assertThat(succeeded).as("the provider answered some lines before the cancel").isPositive();
        assertThat(cancelled).as("the provider batch was cut short").isPositive();
        assertThat(succeeded + cancelled + ended.at("/llmq/request_counts/failed").asInt()).isEqualTo(JOBS);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", id)).as("answered lines are billed, once")
                .isEqualTo(succeeded);
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", id)).isEqualTo(JOBS);
        assertThat(new BigDecimal(ended.at("/llmq/cost_usd").asText()))
                .isEqualByComparingTo(db.strings("SELECT coalesce(sum(cost), 0)::text FROM ledger_entries WHERE batch_id = ?", id).get(0));
    }

    private static JsonNode deployment(JsonNode providers, String name) {
        for (var d : providers.path("data")) {
            if (d.path("deployment").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("GET /v1/providers lists no " + name + ": " + providers);
    }

}
