package io.llmq.standalone.providers;

import io.llmq.schema.Ids;
import io.llmq.standalone.limits.SettableClock;
import io.llmq.worker.call.AttemptIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Daily quotas on real Kafka and PostgreSQL, two workers, the simulator over HTTP: a deployment
 * with {@code rpd} N serves exactly N calls a day for both workers together and parks the rest
 * (not failed, no attempt spent), a spent member of a pool sends its share to the other, and the
 * parked jobs resume at the reset. The days are cut by a clock the test moves.
 */
class DailyQuotaTest {
    private static final String RUN = Ids.random(6).toLowerCase(); // the table keeps days by deployment name
    private static final String CATALOGUE = """
            deployments:
              - { name: quota-solo-%1$s, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1", rpd: 10 }
              - { name: quota-spent-%1$s, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1", rpd: 5 }
              - { name: quota-roomy-%1$s, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: quota-reset-%1$s, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1", rpd: 3, daily_reset_hour: 6 }
              - { name: quota-first-%1$s, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1", rpd: 2 }
              - { name: quota-fallback-%1$s, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
            models:
              - { id: m-solo, deployment: quota-solo-%1$s, price: { input: 1.00, output: 2.00 } }
              - { id: m-pool, deployments: [quota-spent-%1$s, quota-roomy-%1$s], price: { input: 1.00, output: 2.00 } }
              - { id: m-reset, deployment: quota-reset-%1$s, price: { input: 1.00, output: 2.00 } }
              - { id: m-first, deployment: quota-first-%1$s, fallbacks: [m-fallback], price: { input: 1.00, output: 2.00 } }
              - { id: m-fallback, deployment: quota-fallback-%1$s, price: { input: 1.00, output: 2.00 } }
            """.formatted(RUN);
    /** Two seconds before 06:00 UTC: the reset of quota-reset, still far from the others' (00:00). */
    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-03-10T05:59:58Z"));

    private static ProviderHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = ProviderHarness.start(CATALOGUE, Map.of(), 2, Duration.ofMillis(20), CLOCK);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldServeExactlyTheDailyRequestsForBothWorkersTogetherAndParkTheRest() throws Exception {
        var calledBefore = harness.stack.simulator().bill().calls();
        var batch = harness.submit("solo", 40, "m-solo", Map.of());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> outstanding(batch) == 0
                && harness.api.batch(batch).path("request_counts").path("completed").asInt() == 10);
        var view = harness.api.batch(batch);
        assertThat(view.path("status").asText()).isEqualTo("in_progress");
        assertThat(view.path("request_counts").path("failed").asInt()).isZero();
        assertThat(view.at("/llmq/hold/reason").asText()).isEqualTo("daily_quota");
        assertThat(view.at("/llmq/hold/message").asText()).contains("quota-solo-" + RUN).contains("2026-03-11T00:00:00Z");
        assertThat(harness.stack.simulator().bill().calls() - calledBefore).as("calls the provider saw").isEqualTo(10);
        assertThat(dayUse("quota-solo-" + RUN, Instant.parse("2026-03-10T00:00:00Z"))).isEqualTo(10);
        assertThat(parkedReasons(batch)).containsExactly("daily_quota");
        // both workers met the quota: what one took counted against the other
        assertThat(workersInvolved(batch)).hasSize(2);
        // each worker meters the day's use as of its last call there: the fleet's is the highest
        assertThat(highestMetered("llmq_ratelimit_daily_requests_used", "quota-solo-" + RUN)).isEqualTo(10);
        assertThat(highestMetered("llmq_ratelimit_limit_requests_per_day", "quota-solo-" + RUN)).isEqualTo(10);
    }

    /** The highest value of a gauge for a deployment over the workers' {@code /metrics}. */
    private static double highestMetered(String name, String deployment) throws Exception {
        var line = java.util.regex.Pattern.compile("^" + name + "\\{deployment=\"" + deployment + "\".*} (\\S+)$",
                java.util.regex.Pattern.MULTILINE);
        double highest = -1;
        for (var worker : harness.stack.workers()) {
            var text = harness.http("http://localhost:" + worker.adminPort() + "/metrics");
            var m = line.matcher(text);
            if (m.find()) {
                highest = Math.max(highest, Double.parseDouble(m.group(1)));
            }
        }
        return highest;
    }

    @Test
    void shouldSendTheShareOfASpentDeploymentToTheOtherOfItsPool() throws Exception {
        var batch = harness.submit("pool", 40, "m-pool", Map.of());
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(60)).path("request_counts").path("completed").asInt()).isEqualTo(40);

        var results = harness.results(batch);
        assertThat(results.stream().collect(Collectors.groupingBy(ProviderHarness.Result::deployment, Collectors.counting())))
                .isEqualTo(Map.of("quota-spent-" + RUN, 5L, "quota-roomy-" + RUN, 35L));
        // a spent deployment refuses before any call: no job spent an attempt on it
        assertThat(results).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(1));
        assertThat(harness.ledgerRows(batch)).isEqualTo(40);
    }

    @Test
    void shouldTryTheFallbackChainBeforeParkingWhenTheBatchAllowsIt() throws Exception {
        var batch = harness.submit("fallback", 12, "m-first", Map.of("llmq_fallback", "true"));
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(60)).path("request_counts").path("completed").asInt()).isEqualTo(12);

        var byModel = harness.results(batch).stream().collect(Collectors.groupingBy(ProviderHarness.Result::model, Collectors.counting()));
        assertThat(byModel).isEqualTo(Map.of("m-first", 2L, "m-fallback", 10L));
        assertThat(parkedReasons(batch)).isEmpty();
    }

    @Test
    void shouldResumeParkedJobsAtTheReset() throws Exception {
        var deployment = "quota-reset-" + RUN;
        var batch = harness.submit("reset", 5, "m-reset", Map.of());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> outstanding(batch) == 0
                && harness.api.batch(batch).path("request_counts").path("completed").asInt() == 3
                && "daily_quota".equals(harness.api.batch(batch).at("/llmq/hold/reason").asText()));
        assertThat(harness.api.batch(batch).path("request_counts").path("failed").asInt()).isZero();

        // 06:00 passes: a new quota day; the parked jobs come back (at most 2 s away by the clock) and are served
        CLOCK.advance(Duration.ofHours(1));
        var done = harness.awaitDone(batch, Duration.ofSeconds(60));

        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(5);
        assertThat(done.at("/llmq/hold").isNull()).isTrue();
        assertThat(harness.results(batch)).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(1));
        assertThat(dayUse(deployment, Instant.parse("2026-03-09T06:00:00Z"))).isEqualTo(3);
        assertThat(dayUse(deployment, Instant.parse("2026-03-10T06:00:00Z"))).isEqualTo(2);
    }

    @Test
    void shouldShowTheDaysUseBesideTheQuotaInProviders() throws Exception {
        // the submitter reads the day by the real clock: a row of today's, as the workers would write it
        var today = io.llmq.schema.catalogue.QuotaDay.at(Instant.now(), 0);
        try (var c = connect(); var st = c.prepareStatement(
                "INSERT INTO daily_quota_use (deployment, day_start, requests, tokens) VALUES (?, ?, 7, 0)")) {
            st.setString(1, "quota-solo-" + RUN);
            st.setTimestamp(2, Timestamp.from(today.start()));
            st.executeUpdate();
        }
        var providers = harness.get("/v1/providers").path("data");
        var solo = java.util.stream.StreamSupport.stream(providers.spliterator(), false)
                .filter(d -> d.path("deployment").asText().equals("quota-solo-" + RUN)).findFirst().orElseThrow();
        var roomy = java.util.stream.StreamSupport.stream(providers.spliterator(), false)
                .filter(d -> d.path("deployment").asText().equals("quota-roomy-" + RUN)).findFirst().orElseThrow();

        assertThat(solo.at("/daily_quota/requests/limit").asInt()).isEqualTo(10);
        assertThat(solo.at("/daily_quota/requests/used").asInt()).isEqualTo(7);
        assertThat(solo.at("/daily_quota/resets_at").asLong()).isEqualTo(today.end().getEpochSecond());
        assertThat(roomy.path("daily_quota").isNull()).as("no daily quota").isTrue();
    }

    /** Released jobs of the batch that have not ended and are not parked: in Kafka or in a worker. */
    private static long outstanding(String batch) throws SQLException {
        return harness.count("""
                SELECT q.claimed - (b.completed + b.failed + b.cancelled + b.expired)
                       - (SELECT count(*) FROM parked_jobs p WHERE p.batch_id = q.batch_id)
                FROM dispatch_queue q JOIN batches b ON b.id = q.batch_id WHERE q.batch_id = ?""", batch);
    }

    private static long dayUse(String deployment, Instant dayStart) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(
                "SELECT coalesce(sum(requests), 0) FROM daily_quota_use WHERE deployment = ? AND day_start = ?")) {
            st.setString(1, deployment);
            st.setTimestamp(2, Timestamp.from(dayStart));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Set<String> parkedReasons(String batch) throws SQLException {
        return strings("SELECT DISTINCT reason FROM parked_jobs WHERE batch_id = ?", batch);
    }

    /** The workers that served a job of the batch (by their calls' attempt ids) or parked one. */
    private static Set<String> workersInvolved(String batch) throws SQLException {
        var byInstance = harness.stack.workers().stream().collect(Collectors.toMap(w -> w.instanceId(), w -> w.name()));
        Set<String> workers = new HashSet<>(strings("SELECT DISTINCT parked_by FROM parked_jobs WHERE batch_id = ?", batch));
        for (var attemptId : strings("SELECT attempt_id FROM ledger_entries WHERE batch_id = ?", batch)) {
            workers.add(byInstance.get(AttemptIds.instanceOf(attemptId)));
        }
        return workers;
    }

    private static Set<String> strings(String sql, String param) throws SQLException {
        Set<String> out = new HashSet<>();
        try (var c = connect(); var st = c.prepareStatement(sql)) {
            st.setString(1, param);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static java.sql.Connection connect() throws SQLException {
        var pg = harness.stack.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
