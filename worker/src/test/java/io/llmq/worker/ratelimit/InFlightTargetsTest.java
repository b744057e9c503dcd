package io.llmq.worker.ratelimit;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightTargetsTest {
    private static final ProviderOutcome RATE_LIMITED = new ProviderOutcome.Retryable(Failure.RATE_LIMITED, 429, "HTTP 429",
            Duration.ofMillis(5));
    private static final ProviderOutcome TIMED_OUT = new ProviderOutcome.Retryable(Failure.TIMEOUT, -1, "timeout", null);

    private final MovableTicker ticker = new MovableTicker();

    private InFlightTargets targets(String limits) {
        var catalogue = Catalogue.parse("""
                deployments:
                  - name: d
                    provider: openai
                    base_url: http://localhost:1/v1
                    %s
                  - name: other
                    provider: openai
                    base_url: http://localhost:1/v1
                    max_concurrent: 12
                models:
                  - { id: m, deployment: d, price: { input: 1, output: 1 } }
                  - { id: o, deployment: other, price: { input: 1, output: 1 } }
                """.formatted(limits), name -> null);
        return new InFlightTargets(catalogue.deployments(), InFlightSettings.defaults(), ticker);
    }

    private static ProviderOutcome success(int tokens) {
        return new ProviderOutcome.Success(200, null, "{}", "m", new Usage(tokens / 2, 0, tokens - tokens / 2));
    }

    private static void answer(InFlightTargets t, ProviderOutcome outcome, Duration latency, int times) {
        for (int i = 0; i < times; i++) {
            t.callStarted("d");
            t.callEnded("d", outcome, latency.toNanos());
        }
    }

    @Test
    void shouldHoldRateTimesLatencyWithHeadroomAtAnRpmLimit() {
        var t = targets("rpm: 6000");
        answer(t, success(100), Duration.ofMillis(400), 50);
        // 100 requests/s x 0.4 s x 1.5 = 60
        assertThat(t.fleetTarget("d")).isEqualTo(60);
    }

    @Test
    void shouldTakeTheTokenLimitWhenItBindsHarderThanTheRequestLimit() {
        var t = targets("rpm: 6000\n    tpm: 600000");
        answer(t, success(1000), Duration.ofSeconds(2), 50);
        // 10,000 tokens/s / 1,000 per call = 10 calls/s (not 100): 10 x 2 s x 1.5 = 30
        assertThat(t.fleetTarget("d")).isEqualTo(30);
    }

    @Test
    void shouldFollowLatencyAsItChanges() {
        var t = targets("rpm: 6000");
        answer(t, success(100), Duration.ofMillis(100), 50);
        var fast = t.fleetTarget("d");
        answer(t, success(100), Duration.ofSeconds(1), 100);
        assertThat(fast).isEqualTo(15);
        assertThat(t.fleetTarget("d")).isBetween(140, 150);
    }

    @Test
    void shouldStayWithinTheDeploymentsMaximumAndTheFloor() {
        var t = targets("rpm: 60000\n    max_concurrent: 40");
        answer(t, success(10), Duration.ofSeconds(5), 20);
        assertThat(t.fleetTarget("d")).isEqualTo(40);
        var slow = targets("rpm: 60");
        answer(slow, success(10), Duration.ofMillis(10), 20);
        assertThat(slow.fleetTarget("d")).as("1 request/s x 10 ms is less than one call: the floor").isEqualTo(8);
    }

    @Test
    void shouldUseTheCeilingForADeploymentWithoutLimitsUntilItPushesBack() {
        var t = targets("timeout_seconds: 60");
        answer(t, success(10), Duration.ofMillis(200), 10);
        assertThat(t.fleetTarget("d")).isEqualTo(256);
        answer(t, RATE_LIMITED, Duration.ofMillis(2), 1);
        assertThat(t.fleetTarget("d")).as("256 x 0.7, rounded up").isEqualTo(180);
    }

    @Test
    void shouldBackOffOncePerLatencyPeriodHoweverMany429sArrive() {
        var t = targets("rpm: 6000");
        answer(t, success(100), Duration.ofMillis(400), 50);
        answer(t, RATE_LIMITED, Duration.ofMillis(3), 40);
        assertThat(t.fleetTarget("d")).as("60 x 0.7, once").isEqualTo(42);
        ticker.advance(Duration.ofMillis(399));
        answer(t, RATE_LIMITED, Duration.ofMillis(3), 1);
        assertThat(t.fleetTarget("d")).isEqualTo(42);
        ticker.advance(Duration.ofMillis(1));
        answer(t, RATE_LIMITED, Duration.ofMillis(3), 1);
        assertThat(t.fleetTarget("d")).as("a new latency period, a new signal; never below rate x latency (100/s x 0.4 s)")
                .isEqualTo(40);
    }

    @Test
    void shouldBackAnUnlimitedDeploymentOffToItsFloor() {
        var t = targets("");
        answer(t, success(10), Duration.ofMillis(100), 10);
        for (int i = 0; i < 30; i++) {
            ticker.advance(Duration.ofMillis(200));
            answer(t, RATE_LIMITED, Duration.ofMillis(2), 1);
        }
        assertThat(t.fleetTarget("d")).as("no rate to keep: the window alone decides, down to the floor").isEqualTo(8);
    }

    @Test
    void shouldBackOffOnTimeoutsAndGrowBackOneCallPerSuccess() {
        var t = targets("rpm: 6000");
        answer(t, success(100), Duration.ofMillis(400), 50);
        answer(t, TIMED_OUT, Duration.ofMillis(400), 1);
        assertThat(t.fleetTarget("d")).isEqualTo(42);
        answer(t, success(100), Duration.ofMillis(400), 10);
        assertThat(t.fleetTarget("d")).as("one call more per success").isEqualTo(52);
        answer(t, success(100), Duration.ofMillis(400), 2000);
        assertThat(t.fleetTarget("d")).as("back to Little's law, never past it").isEqualTo(60);
    }

    @Test
    void shouldSplitTheFleetTargetsAmongLiveWorkersWithAWaitingBuffer() {
        var t = targets("rpm: 6000");
        answer(t, success(100), Duration.ofMillis(400), 50);
        // d: 60 over 4 workers = 15; other (never called) does not count; 15 x 1.25 = 18.75
        assertThat(t.workerBudget(4)).isEqualTo(19);
        assertThat(t.workerBudget(0)).as("no member known yet: this worker alone").isEqualTo(75);
        assertThat(t.workerBudget(100)).as("1, then the floor").isEqualTo(8);
    }

    @Test
    void shouldStopCountingADeploymentNotCalledForAMinute() {
        var t = targets("rpm: 6000");
        assertThat(t.workerBudget(1)).as("nothing called yet: the default, with the buffer").isEqualTo(40);
        answer(t, success(100), Duration.ofMillis(400), 50);
        assertThat(t.workerBudget(1)).isEqualTo(75);
        ticker.advance(InFlightTargets.IN_USE_FOR);
        assertThat(t.workerBudget(1)).isEqualTo(40);
        t.callStarted("d");
        assertThat(t.workerBudget(1)).as("a call open again").isEqualTo(75);
    }

    @Test
    void shouldGiveEveryWorkerTheCeilingOfAnUnlimitedDeployment() {
        var t = targets("");
        answer(t, success(100), Duration.ofMillis(50), 10);
        assertThat(t.workerBudget(4)).as("256 per worker, with the buffer: nothing shared divides it").isEqualTo(320);
    }

    @Test
    void shouldCountADeploymentNotCalledYetWithItsMaximumOrTheDefault() {
        var t = targets("rpm: 6000");
        assertThat(t.fleetTarget("other")).isEqualTo(12);
        assertThat(t.fleetTarget("d")).as("100/s x an assumed 1 s x 1.5, capped at the default").isEqualTo(32);
    }

    @Test
    void shouldCountThisWorkersCallsInFlight() {
        var t = targets("rpm: 6000");
        t.callStarted("d");
        t.callStarted("d");
        t.callAbandoned("d");
        assertThat(t.callsInFlight("d")).isEqualTo(1);
        t.callEnded("d", success(10), 1_000_000);
        assertThat(t.callsInFlight("d")).isZero();
    }
}
