package io.llmq.standalone.providers;

import io.llmq.schema.message.ResultEvent;
import io.llmq.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way a provider call fails, on real Kafka and PostgreSQL against the simulator over HTTP:
 * the job's final state, the provider calls made (the simulator's own count) and the ledger rows.
 * Each test uses a model of its own, so faults injected for one never touch another.
 */
class FailureModesTest {
    private static final String PRICE = "price: { input: 1.00, output: 2.00 }";
    private static final String CATALOGUE = """
            deployments:
              - name: main
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
                timeout_seconds: 1
                breaker: { window: 1000, minimum_calls: 1000 }
              - name: spare
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
                timeout_seconds: 1
              - name: brittle
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
                max_concurrent_calls: 2
                breaker: { window: 4, minimum_calls: 2, open_seconds: 60 }
              - name: claude
                provider: anthropic
                base_url: ${LLMQ_SIMULATOR_URL}/v1
              - name: gemini
                provider: gemini
                base_url: ${LLMQ_SIMULATOR_URL}/v1beta
            models:
              - { id: m-5xx, deployment: main, PRICE }
              - { id: m-400, deployment: main, PRICE }
              - { id: m-401, deployment: main, PRICE }
              - { id: m-404, deployment: main, PRICE }
              - { id: m-transport, deployment: main, PRICE }
              - { id: m-dead, deployment: main, PRICE }
              - { id: m-park, deployment: main, PRICE }
              - { id: m-fb, deployment: main, fallbacks: [m-fb-spare], fallbacks_enabled: true, PRICE }
              - { id: m-fb-spare, deployment: spare, PRICE }
              - { id: m-opt, deployment: main, fallbacks: [m-opt-spare], PRICE }
              - { id: m-opt-spare, deployment: spare, PRICE }
              - { id: m-brk, deployment: brittle, fallbacks: [m-brk-spare], fallbacks_enabled: true, PRICE }
              - { id: m-brk-spare, deployment: spare, PRICE }
              - { id: m-dup, deployment: spare, PRICE }
              - { id: claude-sim, deployment: claude, PRICE }
              - { id: gemini-sim, deployment: gemini, PRICE }
            """.replace("PRICE", PRICE);
    private static final int MAX_ATTEMPTS = 4;

    private static ProviderHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = ProviderHarness.start(CATALOGUE, Map.of(
                "LLMQ_MAX_ATTEMPTS", Integer.toString(MAX_ATTEMPTS),
                "LLMQ_RETRY_BASE_MS", "50",
                "LLMQ_RETRY_CAP_MS", "200",
                "LLMQ_PARK_AFTER_MS", "1000",
                "LLMQ_REENQUEUE_EVERY_MS", "200",
                "LLMQ_HEALTH_EVERY_MS", "300"), 2, Duration.ofMillis(10));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static io.llmq.simulator.ProviderSimulator simulator() {
        return harness.stack.simulator();
    }

    @Test
    void shouldRetryServerErrorsAndOverloadUntilTheJobsSucceed() throws Exception {
        simulator().inject(Fault.status(500).forModel("m-5xx").times(2));
        simulator().inject(Fault.status(529).forModel("m-5xx").times(1));

        var batch = harness.submit("fivexx", 4, "m-5xx", Map.of());
        harness.awaitDone(batch, Duration.ofSeconds(60));

        var results = harness.results(batch);
        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.status()).isEqualTo("succeeded"));
        assertThat(results.stream().mapToInt(ProviderHarness.Result::attempts).sum()).isEqualTo(7);
        assertThat(simulator().received("m-5xx")).isEqualTo(7);
        assertThat(simulator().faulted("m-5xx")).isEqualTo(3);
        assertThat(harness.ledgerRows(batch)).isEqualTo(4);
    }

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({"400, context_length_exceeded, m-400", "401, invalid_api_key, m-401", "404, model_not_found, m-404"})
    void shouldEndTheJobWithTheProvidersErrorWithoutRetryingWhenTheRequestIsPermanentlyBad(int status, String code,
                                                                                           String model) throws Exception {
        var fault = Fault.status(status).forModel(model);
        simulator().inject(status == 400 ? fault.code(code) : fault);

        var batch = harness.submit("perm" + status, 2, model, Map.of());
        var done = harness.awaitDone(batch, Duration.ofSeconds(60));

        assertThat(done.path("request_counts").path("failed").asInt()).isEqualTo(2);
        var results = harness.results(batch);
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.statusCode()).isEqualTo(status);
            assertThat(r.error().path("code").asText()).isEqualTo(code);
            assertThat(r.response().path("error").path("message").asText()).contains("Injected fault");
        });
        assertThat(simulator().received(model)).isEqualTo(2);
        assertThat(harness.ledgerRows(batch)).isZero();
    }

    @Test
    void shouldRetryTimeoutsResetConnectionsAndTruncatedBodies() throws Exception {
        simulator().inject(Fault.hang(Duration.ofSeconds(3)).forModel("m-transport").times(1));
        simulator().inject(Fault.reset().forModel("m-transport").times(1));
        simulator().inject(Fault.truncate().forModel("m-transport").times(1));

        var batch = harness.submit("transport", 3, "m-transport", Map.of());
        harness.awaitDone(batch, Duration.ofSeconds(60));

        assertThat(harness.results(batch)).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo("succeeded"));
        assertThat(simulator().faulted("m-transport")).isEqualTo(3);
        assertThat(simulator().received("m-transport")).isEqualTo(6);
        assertThat(harness.ledgerRows(batch)).as("a truncated answer is not billed, so it has no ledger row").isEqualTo(3);
    }

    @Test
    void shouldDeadLetterAJobThatSpendsItsAttemptsWithEveryAttemptRecorded() throws Exception {
        simulator().inject(Fault.status(503).forModel("m-dead"));

        var batch = harness.submit("dead", 2, "m-dead", Map.of());
        var done = harness.awaitDone(batch, Duration.ofSeconds(60));

        assertThat(done.path("request_counts").path("failed").asInt()).isEqualTo(2);
        assertThat(harness.results(batch)).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.attempts()).isEqualTo(MAX_ATTEMPTS);
            assertThat(r.error().path("code").asText()).isEqualTo("provider_unavailable");
            assertThat(r.error().path("attempts")).hasSize(MAX_ATTEMPTS)
                    .allSatisfy(a -> assertThat(a.path("failure").asText()).isEqualTo("overloaded"));
        });
        assertThat(simulator().received("m-dead")).isEqualTo(2L * MAX_ATTEMPTS);
        assertThat(harness.ledgerRows(batch)).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(harness.events(batch))
                .filteredOn(e -> e.type().equals(ResultEvent.JOB_FAILED)).hasSize(2));
    }

    @Test
    void shouldParkAJobOnALongRetryAfterAndBringItBackWithoutHoldingItsRecord() throws Exception {
        simulator().inject(Fault.status(429).retryAfter(Duration.ofMillis(2500)).forModel("m-park").times(2));

        var batch = harness.submit("park", 2, "m-park", Map.of());

        await().atMost(Duration.ofSeconds(20)).until(() ->
                harness.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ? AND reason = 'retry_after'", batch) == 2);
        harness.awaitDone(batch, Duration.ofSeconds(60));
        assertThat(harness.results(batch)).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("succeeded");
            assertThat(r.attempts()).as("the attempt before parking counts").isEqualTo(2);
        });
        assertThat(harness.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", batch)).isZero();
        assertThat(simulator().received("m-park")).isEqualTo(4);
        assertThat(harness.ledgerRows(batch)).isEqualTo(2);
    }

    @Test
    void shouldFallBackToAnotherDeploymentWhenRetriesAreExhaustedAndRecordTheModelUsed() throws Exception {
        simulator().inject(Fault.status(500).forModel("m-fb"));

        var batch = harness.submit("fb", 3, "m-fb", Map.of());
        harness.awaitDone(batch, Duration.ofSeconds(60));

        assertThat(harness.results(batch)).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("succeeded");
            assertThat(r.model()).isEqualTo("m-fb-spare");
            assertThat(r.deployment()).isEqualTo("spare");
            assertThat(r.attempts()).isEqualTo(MAX_ATTEMPTS + 1);
        });
        assertThat(harness.ledgerRowsByModel(batch)).isEqualTo(Map.of("m-fb-spare", 3L));
        assertThat(simulator().received("m-fb")).isEqualTo(3L * MAX_ATTEMPTS);
        assertThat(simulator().received("m-fb-spare")).isEqualTo(3);
    }

    @Test
    void shouldFallBackAtOnceWhileTheDeploymentsBreakerIsOpenInsteadOfCallingIt() throws Exception {
        simulator().inject(Fault.status(503).forModel("m-brk"));

        var batch = harness.submit("brk", 12, "m-brk", Map.of());
        harness.awaitDone(batch, Duration.ofSeconds(60));

        assertThat(harness.results(batch)).hasSize(12).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("succeeded");
            assertThat(r.model()).isEqualTo("m-brk-spare");
        });
        // two workers, each: the breaker opens after 2 failed calls, with at most 2 (the bulkhead) in flight
        assertThat(simulator().received("m-brk")).isLessThanOrEqualTo(2 * (2 + 2)).isLessThan(12L * MAX_ATTEMPTS);
        assertThat(harness.stack.workers()).anySatisfy(w -> assertThat(w.breakerState("brittle")).isEqualTo("open"));
    }

    @Test
    void shouldNotCallTheProviderAgainWhenAParkedJobIsDeliveredAfterItFinished() throws Exception {
        var batch = harness.submit("dup", 3, "m-dup", Map.of());
        harness.awaitDone(batch, Duration.ofSeconds(60));
        var calls = simulator().received("m-dup");
        var skippedBefore = skipped();

        // as if a re-enqueuer had produced these jobs and crashed before deleting their rows: they come back again
        try (var c = java.sql.DriverManager.getConnection(harness.stack.postgres().jdbcUrl(), harness.stack.postgres().user(),
                harness.stack.postgres().password()); var st = c.prepareStatement("""
                INSERT INTO parked_jobs (job_id, batch_id, priority, job, next_attempt_at, attempts, reason)
                SELECT r.job_id, r.batch_id, 'normal', jsonb_build_object('jobId', r.job_id, 'batchId', r.batch_id,
                       'tenantId', r.tenant_id, 'customId', r.custom_id, 'line', r.line, 'url', '/v1/chat/completions',
                       'model', 'm-dup', 'body', jsonb_build_object('model', 'm-dup', 'messages',
                       jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'again'))),
                       'priority', 'normal', 'submittedAt', 0, 'expiresAt', 9999999999999), now(), 1, 'retry_after'
                FROM job_results r WHERE r.batch_id = ?""")) {
            st.setString(1, batch);
            assertThat(st.executeUpdate()).isEqualTo(3);
        }

        await().atMost(Duration.ofSeconds(20)).until(() ->
                harness.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", batch) == 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> skipped() >= skippedBefore + 3);
        assertThat(simulator().received("m-dup")).isEqualTo(calls);
        assertThat(harness.ledgerRows(batch)).isEqualTo(3);
        assertThat(harness.results(batch)).hasSize(3);
    }

    private static double skipped() {
        return harness.stack.workers().stream().mapToDouble(w -> w.consumeMeters().redeliveredSkippedCount()).sum();
    }

    @Test
    void shouldUseFallbacksOnlyForBatchesThatAskWhenTheCatalogueDoesNotEnableThem() throws Exception {
        simulator().inject(Fault.status(502).forModel("m-opt"));

        var plain = harness.submit("opt-plain", 1, "m-opt", Map.of());
        var asking = harness.submit("opt-ask", 1, "m-opt", Map.of("llmq_fallback", "true"));
        harness.awaitDone(plain, Duration.ofSeconds(60));
        harness.awaitDone(asking, Duration.ofSeconds(60));

        assertThat(harness.results(plain)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.model()).isEqualTo("m-opt");
        });
        assertThat(harness.results(asking)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("succeeded");
            assertThat(r.model()).isEqualTo("m-opt-spare");
        });
        assertThat(harness.ledgerRowsByModel(asking)).isEqualTo(Map.of("m-opt-spare", 1L));
    }

    @Test
    void shouldRunAnthropicAndGeminiDeploymentsOverTheirOwnWireFormatsAndStoreOpenAiShapedResults() throws Exception {
        var billBefore = simulator().bill();
        var claude = harness.submit("claude", 3, "claude-sim", Map.of());
        var gemini = harness.submit("gemini", 3, "gemini-sim", Map.of());
        harness.awaitDone(claude, Duration.ofSeconds(60));
        harness.awaitDone(gemini, Duration.ofSeconds(60));

        for (var batch : new String[] {claude, gemini}) {
            assertThat(harness.results(batch)).hasSize(3).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo("succeeded");
                assertThat(r.response().path("object").asText()).isEqualTo("chat.completion");
                assertThat(r.response().at("/choices/0/message/content").asText()).isNotBlank();
                assertThat(r.response().at("/usage/prompt_tokens").asInt()).isPositive();
            });
        }
        var bill = simulator().bill();
        var claudeTokens = harness.ledgerTokens(claude);
        var geminiTokens = harness.ledgerTokens(gemini);
        assertThat(bill.calls() - billBefore.calls()).isEqualTo(6);
        assertThat(claudeTokens[0] + geminiTokens[0]).isEqualTo(bill.promptTokens() - billBefore.promptTokens());
        assertThat(claudeTokens[1] + geminiTokens[1]).isEqualTo(bill.completionTokens() - billBefore.completionTokens());
    }

    @Test
    void shouldReportEveryDeploymentsHealthOnTheProvidersEndpoint() throws Exception {
        var batch = harness.submit("health", 2, "m-fb-spare", Map.of());
        harness.awaitDone(batch, Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var providers = harness.get("/v1/providers");
            assertThat(providers.path("data")).extracting(d -> d.path("deployment").asText())
                    .contains("main", "spare", "claude", "gemini");
            var spare = java.util.stream.StreamSupport.stream(providers.path("data").spliterator(), false)
                    .filter(d -> d.path("deployment").asText().equals("spare")).findFirst().orElseThrow();
            assertThat(spare.path("health").asText()).isEqualTo("healthy");
            assertThat(spare.path("breaker_state").asText()).isEqualTo("closed");
            assertThat(spare.path("workers")).hasSize(2);
            assertThat(spare.path("latency_ms").isNumber()).isTrue();
        });
    }
}
