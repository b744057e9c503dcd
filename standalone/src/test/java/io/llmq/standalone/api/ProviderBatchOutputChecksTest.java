package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.llmq.standalone.api.ProviderBatchRuns.awaitEnded;
import static io.llmq.standalone.api.ProviderBatchRuns.body;
import static io.llmq.standalone.api.ProviderBatchRuns.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output checks read provider-batch answers as they read a synchronous call's: answers the
 * simulator's OpenAI Batch API cuts at a one-token {@code max_tokens} ({@code finish_reason: "length"})
 * fail {@code output_truncated} under {@code llmq_on_length: fail}, billed at the batch price, are
 * kept, showing the failed check, under {@code keep}, and go to synchronous calls under {@code retry}.
 */
class ProviderBatchOutputChecksTest {
    private static final int JOBS = 6;

    private static Stack stack;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(20)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_PROVIDER_BATCH_POLL_MS", "300"));
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldFailProviderBatchAnswersCutAtTheirTokenLimitWithTheSameCodeAsSync() throws Exception {
        var api = Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "pb-length-fail").key());
        var id = run(api, "fail");

        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ? AND status = 'failed'", id)).isEqualTo(JOBS);
        assertThat(db.strings("SELECT DISTINCT error->>'code' FROM job_results WHERE batch_id = ?", id))
                .containsExactly("output_truncated");
        assertThat(db.strings("SELECT DISTINCT checks->0->>'check' || ':' || (checks->0->>'passed') FROM job_results WHERE batch_id = ?", id))
                .containsExactly("finish_reason:false");
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'provider_batch'", id))
                .as("the cut answers were billed, at the batch price").isEqualTo(JOBS);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'call'", id))
                .as("a failed check makes no synchronous call").isZero();
    }

    @Test
    void shouldKeepCutProviderBatchAnswersShowingTheFailedCheckUnderKeep() throws Exception {
        var api = Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "pb-length-keep").key());
        var id = run(api, "keep");

        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ? AND status = 'succeeded'", id)).isEqualTo(JOBS);
        assertThat(db.strings("SELECT DISTINCT checks->0->>'check' || ':' || (checks->0->>'passed') FROM job_results WHERE batch_id = ?", id))
                .containsExactly("finish_reason:false");
    }

    @Test
    void shouldHandCutProviderBatchAnswersBackToSynchronousCallsUnderRetry() throws Exception {
        var api = Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "pb-length-retry").key());
        var billedBefore = stack.simulator().bill().calls();
        var id = run(api, "retry");

        assertThat(db.count("SELECT released FROM provider_batches WHERE batch_id = ?", id))
                .as("every cut answer sent its job to synchronous calls").isEqualTo(JOBS);
        assertThat(db.count("SELECT count(DISTINCT job_id) FROM ledger_entries WHERE batch_id = ? AND kind = 'call'", id))
                .as("each job called synchronously, with the checks' retries there").isEqualTo(JOBS);
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", id)).isEqualTo(JOBS);
        assertThat(db.count("SELECT count(*) FROM handed_back_jobs WHERE batch_id = ?", id)).isZero();
        // the provider billed the cut answers too: each is a ledger row of its own beside the job's synchronous calls
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'provider_batch' AND attempt = -1", id))
                .as("the answers a check sent back, billed").isEqualTo(JOBS);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", id))
                .as("ledger rows = calls the provider billed (batch lines and synchronous calls)")
                .isEqualTo(stack.simulator().bill().calls() - billedBefore);
        assertThat(db.count("SELECT count(*) FROM batches WHERE id = ? AND cost = (SELECT sum(cost) FROM ledger_entries WHERE batch_id = ?)",
                id, id)).as("the batch's cost holds every row").isEqualTo(1);
    }

    /** A provider-batch run of one-token answers under {@code llmq_on_length: reaction}; returns the batch id once it ended. */
    private static String run(Http api, String reaction) throws Exception {
        var requests = new Requests();
        for (int i = 1; i <= JOBS; i++) {
            requests.chat("cut-" + i, "gpt-4o-mini", "Tell me a long story about queue number " + i + ".", 1);
        }
        var body = body(requests, "provider_batch");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("metadata")).put("llmq_on_length", reaction);
        var id = create(api, body);
        var done = awaitEnded(api, id);
        assertThat(db.count("SELECT count(*) FROM provider_batches WHERE batch_id = ? AND status = 'ended'", id))
                .as("answered through the provider batch").isEqualTo(1);
        assertThat(done.at("/request_counts/total").asInt()).isEqualTo(JOBS);
        return id;
    }
}
