package io.llmq.standalone.providers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One model, several deployments, on real Kafka and PostgreSQL against the simulator over HTTP,
 * two workers: jobs spread by weight, a deployment cooling down after a 429 gets none while the
 * other serves, a disabled one gets none at all, and each deployment keeps its own rate limit, so
 * the pool's capacity is their sum.
 * Deployment names are this test's own: the shared database keeps buckets and pauses by name.
 */
class PoolTest {
    private static final int LIMITED_RPM = 300;
    private static final String PRICE = "price: { input: 1.00, output: 2.00 }";
    private static final String CATALOGUE = """
            deployments:
              - { name: pool-heavy, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: pool-light, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: pool-paused, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: pool-serving, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: pool-off, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1", enabled: false }
              - { name: pool-on, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: pool-east, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1", rpm: %1$d }
              - { name: pool-west, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1", rpm: %1$d }
            models:
              - { id: m-weights, deployments: [{ name: pool-heavy, weight: 3 }, { name: pool-light, weight: 1 }], %2$s }
              - { id: m-cooling, deployments: [{ name: pool-paused, weight: 3 }, { name: pool-serving, weight: 1 }], %2$s }
              - { id: m-disabled, deployments: [{ name: pool-off, weight: 9 }, { name: pool-on, weight: 1 }], %2$s }
              - { id: m-limited, deployments: [pool-east, pool-west], %2$s }
            """.formatted(LIMITED_RPM, PRICE);

    private static ProviderHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = ProviderHarness.start(CATALOGUE, Map.of(), 2, Duration.ofMillis(20));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Map<String, Long> byDeployment(String batch) throws Exception {
        return harness.succeededByDeployment(batch);
    }

    @Test
    void shouldSplitJobsByWeightWhileBothDeploymentsHaveHeadroom() throws Exception {
        var batch = harness.submit("weights", 300, "m-weights", Map.of());
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(120)).path("request_counts").path("completed").asInt()).isEqualTo(300);

        var split = byDeployment(batch);
        // 3:1 is 75 % to the heavy one; 300 draws stray from it by more than 15 points about once in 10^9 runs
        assertThat(split.getOrDefault("pool-heavy", 0L)).isBetween(180L, 270L);
        assertThat(split.getOrDefault("pool-heavy", 0L) + split.getOrDefault("pool-light", 0L)).isEqualTo(300);
        assertThat(harness.ledgerRows(batch)).isEqualTo(300);
    }

    @Test
    void shouldSendNothingToADeploymentCoolingDownWhileTheOtherServes() throws Exception {
        harness.pause("pool-paused", Duration.ofMinutes(2));
        // the workers read shared pauses every 250 ms; give the view four refreshes before the jobs come
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
        var batch = harness.submit("cooling", 60, "m-cooling", Map.of());
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(60)).path("request_counts").path("completed").asInt()).isEqualTo(60);

        assertThat(byDeployment(batch)).isEqualTo(Map.of("pool-serving", 60L));
    }

    @Test
    void shouldSkipADisabledDeploymentAndShowItAsSuch() throws Exception {
        var batch = harness.submit("disabled", 40, "m-disabled", Map.of());
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(60)).path("request_counts").path("completed").asInt()).isEqualTo(40);

        assertThat(byDeployment(batch)).isEqualTo(Map.of("pool-on", 40L));
        var off = java.util.stream.StreamSupport.stream(harness.get("/v1/providers").path("data").spliterator(), false)
                .filter(d -> d.path("deployment").asText().equals("pool-off")).findFirst().orElseThrow();
        assertThat(off.path("enabled").asBoolean(true)).isFalse();
        assertThat(harness.get("/v1/models/m-disabled").at("/llmq/deployments/0/enabled").asBoolean(true)).isFalse();
    }

    @Test
    void shouldKeepEachDeploymentsOwnLimitSoThePoolServesTheirSum() throws Exception {
        var jobs = 150;
        // whole seconds from the next one: the current may hold the previous test's last calls
        var from = System.currentTimeMillis() / 1000 + 1;
        var batch = harness.submit("limited", jobs, "m-limited", Map.of());
        var began = System.nanoTime();
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(120)).path("request_counts").path("completed").asInt()).isEqualTo(jobs);
        var seconds = (System.nanoTime() - began) / 1e9;

        var split = byDeployment(batch);
        // one deployment alone needs jobs / (rpm / 60) = 30 s; two with a bucket each need half that
        var alone = jobs / (LIMITED_RPM / 60.0);
        assertThat(seconds).as("seconds for %d jobs (one deployment alone: %.0f s)", jobs, alone).isLessThan(alone * 0.85);
        // neither was left idle while the other's bucket was the one limiting
        assertThat(split.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(jobs * 35L / 100));
        Function<Long, Long> ceiling = s -> s * 2 * LIMITED_RPM / 60 + 2 * LIMITED_RPM / 60; // two buckets, 1 s burst each
        // the simulator's own log, second by second, of this test's calls only
        var served = harness.stack.simulator().servedLog().seconds().stream().filter(t -> t.epochSecond() >= from).toList();
        for (int i = 0; i + 2 <= served.size(); i++) {
            assertThat(served.get(i).calls() + served.get(i + 1).calls()).isLessThanOrEqualTo(ceiling.apply(2L));
        }
    }
}
