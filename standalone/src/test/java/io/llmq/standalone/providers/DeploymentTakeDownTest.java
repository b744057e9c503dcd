package io.llmq.standalone.providers;

import io.llmq.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deployment goes down (every call a 500) in the middle of a batch and comes back. The breakers
 * open, the dead deployment sees no calls but probes while they are open, waiting jobs park in
 * PostgreSQL without spending their attempts, nothing is lost, and the batch completes after the
 * recovery. Prints the figures: calls wasted before the breakers opened, probes while open, and
 * the time from recovery to full throughput.
 */
class DeploymentTakeDownTest {
    private static final int JOBS = 600;
    private static final int WORKERS = 2;
    private static final int HALF_OPEN_CALLS = 2;
    private static final int BULKHEAD = 4;
    private static final Duration OPEN_FOR = Duration.ofSeconds(2);
    private static final Duration OUTAGE_AFTER_OPEN = Duration.ofSeconds(6);
    private static final String CATALOGUE = """
            deployments:
              - name: flaky
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
                timeout_seconds: 2
                max_concurrent_calls: %d
                breaker: { failure_rate: 50, window: 10, minimum_calls: 5, open_seconds: %d, half_open_calls: %d }
            models:
              - { id: m-flaky, deployment: flaky, price: { input: 1.00, output: 2.00 } }
            """.formatted(BULKHEAD, OPEN_FOR.toSeconds(), HALF_OPEN_CALLS);

    private static ProviderHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = ProviderHarness.start(CATALOGUE, Map.of(
                "LLMQ_MAX_ATTEMPTS", "6",
                "LLMQ_RETRY_BASE_MS", "100",
                "LLMQ_RETRY_CAP_MS", "400",
                "LLMQ_PARK_AFTER_MS", "500",
                "LLMQ_REENQUEUE_EVERY_MS", "200",
                "LLMQ_HEALTH_EVERY_MS", "300"), WORKERS, Duration.ofMillis(40));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldOpenTheBreakerParkJobsSendOnlyProbesAndFinishTheBatchAfterRecovery() throws Exception {
        var simulator = harness.stack.simulator();
        var batch = harness.submit("takedown", JOBS, "m-flaky", Map.of());
        // the healthy rate, measured once jobs flow (the first completions include consumer start-up)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> completed(batch) >= JOBS / 12);
        var rateFrom = System.nanoTime();
        var doneFrom = completed(batch);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> completed(batch) >= JOBS / 4);
        var before = completed(batch);
        var rateBefore = (before - doneFrom) / seconds(System.nanoTime() - rateFrom);

        simulator.inject(Fault.status(500).forModel("m-flaky"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(this::allBreakersOpen);
        var wastedBeforeOpen = simulator.faulted("m-flaky");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                harness.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ? AND reason = 'breaker_open'", batch) > 0);
        var outageEnds = System.nanoTime() + OUTAGE_AFTER_OPEN.toNanos();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(harness.get("/v1/providers").at("/data/0/health")
                .asText()).isEqualTo("down"));
        await().atMost(OUTAGE_AFTER_OPEN.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() >= outageEnds);
        var callsWhileOpen = simulator.faulted("m-flaky") - wastedBeforeOpen;
        var parkedAtRecovery = harness.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", batch);

        simulator.clearFaults();
        var recovered = System.nanoTime();
        var completedAtRecovery = completed(batch);
        long[] fullThroughputAt = {0};
        long[] windowStart = {recovered, completedAtRecovery};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var now = System.nanoTime();
            var done = completed(batch);
            if (fullThroughputAt[0] == 0 && now - windowStart[0] >= Duration.ofMillis(500).toNanos()) {
                var rate = (done - windowStart[1]) / seconds(now - windowStart[0]);
                if (rate >= 0.8 * rateBefore || done >= JOBS) {
                    fullThroughputAt[0] = windowStart[0];
                }
                windowStart[0] = now;
                windowStart[1] = done;
            }
            return done >= JOBS && fullThroughputAt[0] != 0;
        });
        await().atMost(Duration.ofSeconds(20)).until(this::allBreakersClosed);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(harness.get("/v1/providers").at("/data/0/health")
                .asText()).isEqualTo("healthy"));
        var done = harness.awaitDone(batch, Duration.ofSeconds(60));

        System.out.printf("take-down figures: %d jobs, %d done before the outage at %.0f jobs/s; calls wasted on the dead"
                        + " deployment before every breaker opened: %d; calls while open (probes and calls already admitted): %d"
                        + " over %d s; jobs parked at recovery: %d; recovery to full throughput: %d ms; recovery to batch"
                        + " completed: %d ms%n", JOBS, before, rateBefore, wastedBeforeOpen, callsWhileOpen,
                OUTAGE_AFTER_OPEN.toSeconds(), parkedAtRecovery, (fullThroughputAt[0] - recovered) / 1_000_000,
                (System.nanoTime() - recovered) / 1_000_000);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(JOBS);
        assertThat(done.path("request_counts").path("failed").asInt()).isZero();
        assertThat(parkedAtRecovery).as("jobs waited in PostgreSQL during the outage").isPositive();
        // each open spell of each worker's breaker lets HALF_OPEN_CALLS probes through; calls already past
        // the breaker when it opened (at most one bulkhead per worker) also land
        var spells = OUTAGE_AFTER_OPEN.toMillis() / OPEN_FOR.toMillis() + 1;
        assertThat(callsWhileOpen).isLessThanOrEqualTo(WORKERS * (spells * HALF_OPEN_CALLS + BULKHEAD));
        assertThat(wastedBeforeOpen).isLessThanOrEqualTo(WORKERS * (10 + BULKHEAD));
        assertThat(harness.ledgerRows(batch)).as("one ledger row per served job, none twice").isEqualTo(JOBS);
        assertThat(simulator.received("m-flaky") - simulator.faulted("m-flaky")).as("served calls").isEqualTo(JOBS);
        assertThat(harness.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", batch)).isZero();
        assertThat(harness.results(batch)).hasSize(JOBS).allSatisfy(r -> assertThat(r.attempts()).isLessThanOrEqualTo(6));
    }

    private boolean allBreakersOpen() {
        return harness.stack.workers().stream().allMatch(w -> w.breakerState("flaky").equals("open"));
    }

    private boolean allBreakersClosed() {
        return harness.stack.workers().stream().allMatch(w -> w.breakerState("flaky").equals("closed"));
    }

    private static int completed(String batch) throws Exception {
        var b = harness.api.batch(batch);
        return b.path("request_counts").path("completed").asInt() + b.path("request_counts").path("failed").asInt();
    }

    private static double seconds(long nanos) {
        return Math.max(1e-3, nanos / 1e9);
    }
}
