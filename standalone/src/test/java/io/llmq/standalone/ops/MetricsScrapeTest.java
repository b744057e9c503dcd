package io.llmq.standalone.ops;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.deploy.DashboardQueries;
import io.llmq.standalone.deploy.ScalerQueries;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A small batch through a real stack (embedded Kafka and PostgreSQL, one worker), then the
 * {@code /metrics} of the worker and of the submitter: every family an operator's questions need
 * is there, with values that match what happened.
 */
class MetricsScrapeTest {
    private static final int JOBS = 12;
    private static Stack stack;
    private static String batchId;

    @BeforeAll
    static void runOneBatch() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(20)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        var api = new ApiClient(stack.baseUrl(), stack.apiKey());
        var lines = IntStream.rangeClosed(1, JOBS).mapToObj(i -> """
                {"custom_id":"m-%d","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"count to %d"}],"max_tokens":16}}"""
                .formatted(i, i)).collect(Collectors.joining("\n"));
        var file = api.uploadBatchFile("metrics.jsonl", lines.getBytes(StandardCharsets.UTF_8));
        batchId = api.createBatch(file.path("id").asText(), "normal").path("id").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.batch(batchId).path("status").asText().equals("completed"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Scrape worker() throws Exception {
        return Scrape.of("http://localhost:" + stack.workers().get(0).adminPort() + "/metrics");
    }

    @Test
    void shouldCountEveryJobOfTheBatchOnceInTheWorkersJobMeters() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(worker().sum("llmq_jobs_finished_total", "status", "succeeded")).isEqualTo(JOBS));
        var m = worker();
        assertThat(m.sum("llmq_jobs_finished_total", "status", "failed")).isZero();
        assertThat(m.sum("llmq_jobs_started_total", "model", "gpt-4o-mini")).isEqualTo(JOBS);
        assertThat(m.matching("llmq_jobs_retried_total")).isNotEmpty();
        assertThat(m.matching("llmq_jobs_finished_total", "status", "succeeded").get(0).labels()).containsKeys("deployment", "model");
        assertThat(m.sum("llmq_jobs_redelivered_skipped_total")).isZero();
    }

    @Test
    void shouldRecordQueueWaitProviderLatencyAndEndToEndAsHistograms() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(worker().sum("llmq_jobs_end_to_end_seconds_count", "priority", "normal")).isEqualTo(JOBS));
        var m = worker();
        assertThat(m.sum("llmq_queue_wait_seconds_count", "priority", "normal")).isEqualTo(JOBS);
        assertThat(m.sum("llmq_provider_latency_seconds_count", "outcome", "success")).isEqualTo(JOBS);
        assertThat(m.sum("llmq_provider_latency_seconds_sum")).isPositive();
        assertThat(m.matching("llmq_provider_latency_seconds_bucket", "le", "+Inf")).isNotEmpty();
        assertThat(m.sum("llmq_jobs_end_to_end_seconds_sum", "priority", "normal"))
                .isGreaterThanOrEqualTo(m.sum("llmq_queue_wait_seconds_sum", "priority", "normal"));
        assertThat(m.sum("llmq_ratelimit_wait_seconds_count", "priority", "normal")).isEqualTo(JOBS);
    }

    @Test
    void shouldReportTokensAndCostPerTenantAndModelAndPerDeployment() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(worker().sum("llmq_cost_usd_total", "model", "gpt-4o-mini")).isPositive());
        var m = worker();
        var tokens = m.matching("llmq_tokens_total", "model", "gpt-4o-mini", "type", "input");
        assertThat(tokens).isNotEmpty();
        assertThat(tokens.get(0).labels()).containsKey("tenant");
        assertThat(m.sum("llmq_tokens_total", "type", "output")).isPositive();
        assertThat(m.sum("llmq_provider_tokens_total", "type", "input")).isEqualTo(m.sum("llmq_tokens_total", "type", "input"));
        assertThat(m.matching("llmq_provider_rate_limited_total")).isNotEmpty();
        assertThat(m.sum("llmq_provider_rate_limited_total")).isZero();
        assertThat(m.matching("llmq_ratelimit_limit_requests_per_minute")).isNotEmpty();
        assertThat(m.matching("llmq_ratelimit_limit_tokens_per_minute")).isNotEmpty();
    }

    @Test
    void shouldShowAnEmptyBacklogAndNothingInFlightOnceTheBatchIsDone() throws Exception {
        // the monitor refreshes every 5 s; a drained partition's commit marker must not count as backlog
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var m = worker();
            for (var priority : new String[] {"high", "normal", "low"}) {
                assertThat(m.matching("llmq_backlog_records", "priority", priority)).hasSize(1);
                assertThat(m.sum("llmq_backlog_records", "priority", priority)).isZero();
                assertThat(m.sum("llmq_backlog_oldest_age_seconds", "priority", priority)).isZero();
            }
            assertThat(m.matching("llmq_outbox_backlog_events")).hasSize(1);
            assertThat(m.sum("llmq_provider_calls_in_flight")).isZero();
            assertThat(m.sum("llmq_worker_jobs_in_flight")).isZero();
        });
        var m = worker();
        assertThat(m.names()).contains("llmq_outbox_oldest_age_seconds", "llmq_worker_outcomes_pending");
        assertThat(m.matching("resilience4j_circuitbreaker_state", "state", "closed")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.value()).isEqualTo(1.0));
    }

    @Test
    void shouldBindJvmHikariAndKafkaClientMetricsInBothProcesses() throws Exception {
        var w = worker();
        var s = Scrape.of(stack.baseUrl() + "/metrics");
        for (var scrape : java.util.List.of(w, s)) {
            assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                    "hikaricp_connections_active", "hikaricp_connections_max");
        }
        assertThat(w.names()).anyMatch(n -> n.startsWith("kafka_consumer_"));
        assertThat(w.names()).anyMatch(n -> n.startsWith("kafka_producer_"));
        // the submitter stages accepted jobs in PostgreSQL; only the workers' dispatcher produces them
        assertThat(s.names()).noneMatch(n -> n.startsWith("kafka_producer_"));
    }

    @Test
    void shouldServeEveryMetricTheGrafanaDashboardQueries() throws Exception {
        var served = new java.util.HashSet<String>(worker().names());
        served.addAll(Scrape.of(stack.baseUrl() + "/metrics").names());
        var queried = DashboardQueries.metricNames(DashboardQueries.dashboard());
        assertThat(queried).isNotEmpty();
        assertThat(served).as("metrics served by a worker and the submitter").containsAll(queried);
    }

    @Test
    void shouldServeEveryMetricTheWorkersScaledObjectQueriesWithTheLeadersSeriesPerClass() throws Exception {
        var queried = new java.util.TreeSet<String>();
        for (var query : ScalerQueries.prometheusQueries()) {
            queried.addAll(DashboardQueries.metricNames(query));
        }
        assertThat(queried).as("metrics the ScaledObject's Prometheus triggers read").isNotEmpty();
        assertThat(worker().names()).as("metrics served by a worker").containsAll(queried);
        // the stack's one worker is the active dispatcher: its series are the ones the query keeps
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(worker().sum("llmq_dispatch_leader")).isEqualTo(1.0));
        var m = worker();
        for (var priority : new String[] {"high", "normal", "low"}) {
            assertThat(m.matching("llmq_dispatch_pending_jobs", "priority", priority)).as("pending %s", priority).hasSize(1);
        }
    }

    @Test
    void shouldCountTheEnqueuedBatchAndItsJobsInTheSubmitter() throws Exception {
        var s = Scrape.of(stack.baseUrl() + "/metrics");
        assertThat(s.sum("llmq_jobs_enqueued_total", "priority", "normal")).isEqualTo(JOBS);
        assertThat(s.sum("llmq_batches_enqueued_total", "priority", "normal")).isEqualTo(1);
        assertThat(s.sum("llmq_jobs_enqueued_total", "priority", "high")).isZero();
    }
}
