package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A tenant's hard budget before a provider batch is created, on real Kafka, PostgreSQL and the
 * simulator's batch APIs: a chunk whose maximum cost does not fit is never created, its jobs park
 * {@code over_budget} as sync jobs do and run when the budget is raised; one that fits keeps its
 * maximum cost reserved while it is open and gives it back once its results are recorded.
 */
class ProviderBatchBudgetTest {
    private static final int JOBS = 5;

    private static Stack stack;
    private static Http admin;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(20)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                // a held job looks again only when the budget is raised: the test proves the raise resumes it
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_PROVIDER_BATCH_POLL_MS", "300", "LLMQ_BUDGET_RECHECK_MS", "600000"));
        admin = Http.to(stack.baseUrl()).bearer(Tenants.ADMIN_KEY);
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldNotCreateAProviderBatchOverTheHardBudgetAndRunItsJobsWhenTheBudgetIsRaised() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-over-budget");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        // gpt-4o-mini at the batch price: ~15 prompt tokens and up to 50 output tokens are about $0.000016 a request,
        // $0.00008 for the chunk; one synchronous call's maximum (~$0.000032) does not fit either
        setBudget(tenant.tenantId(), "0.00002");

        var batch = create(api, body(requests("over"), "provider_batch"));
        var held = awaitHeld(api, batch);

        assertThat(held.at("/llmq/hold/reason").asText()).isEqualTo("over_budget");
        assertThat(held.path("status").asText()).as("parked, not failed").isEqualTo("in_progress");
        assertThat(simulatorBatchesOf(batch)).as("no provider batch was created").isZero();
        assertThat(db.strings("SELECT status || '/' || coalesce(provider_id, '-') FROM provider_batches WHERE batch_id = ?", batch))
                .containsExactly("ended/-");
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isZero();

        setBudget(tenant.tenantId(), "10");

        var done = awaitEnded(api, batch);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(JOBS);
        assertThat(done.at("/llmq/hold").isNull()).isTrue();
        assertThat(db.strings("SELECT DISTINCT kind FROM ledger_entries WHERE batch_id = ?", batch)).containsExactly("call");
        assertThat(simulatorBatchesOf(batch)).isZero();
    }

    @Test
    void shouldHoldAProviderBatchsMaximumCostWhileItIsOpenAndGiveItBackOnceItsResultsAreRecorded() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-in-budget");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        setBudget(tenant.tenantId(), "10");

        var batch = create(api, body(requests("in"), "provider_batch"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                db.count("SELECT count(*) FROM provider_batches WHERE batch_id = ? AND status = 'in_progress'", batch) == 1
                        && held(tenant.tenantId()).signum() > 0);
        var done = awaitEnded(api, batch);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/llmq/provider_batches")).hasSize(1);
        assertThat(simulatorBatchesOf(batch)).isEqualTo(1);
        // released when its row ends, then settled (BudgetBook.SETTLE) and shrunk away by the refresher
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> held(tenant.tenantId()).signum() == 0);
    }

    private static Requests requests(String prefix) {
        var requests = new Requests();
        for (int i = 1; i <= JOBS; i++) {
            requests.chat(prefix + "-" + i, "gpt-4o-mini", "Say hello number " + i + ".", 50);
        }
        return requests;
    }

    private static BigDecimal held(String tenantId) throws Exception {
        return new BigDecimal(db.strings("SELECT coalesce(sum(amount), 0)::text FROM budget_holds WHERE tenant_id = ? AND expires_at > now()",
                tenantId).get(0));
    }

    private static long simulatorBatchesOf(String batch) throws Exception {
        var list = Http.to(stack.simulator().baseUrl()).get("/v1/batches?limit=100").json().path("data");
        var n = 0L;
        for (var b : list) {
            if (b.at("/metadata/llmq_key").asText().startsWith("llmq-" + batch + "-")) {
                n++;
            }
        }
        return n;
    }

    private static void setBudget(String tenantId, String hardUsd) throws Exception {
        DayBudgets.set(admin, stack, tenantId, "{\"hard_usd\":\"" + hardUsd + "\"}");
    }

    private static JsonNode awaitHeld(Http api, String batch) {
        var seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = api.get("/v1/batches/" + batch).json();
            return db.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ? AND reason = 'over_budget'", batch) == JOBS
                    && !seen[0].at("/llmq/hold").isNull();
        });
        return seen[0];
    }
}
