package io.llmq.standalone.limits;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.db.Database;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.ratelimit.RateLimitProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limiter's state is in PostgreSQL: two stores on two connection pools stand for two worker
 * replicas, and what one takes, settles or pauses, the other sees.
 */
class RateLimitStoreTest {
    private static HikariDataSource replicaA;
    private static HikariDataSource replicaB;

    @BeforeAll
    static void pools() {
        var pg = TestEngines.sharedPostgres();
        replicaA = Database.pool("replica-a", pg.jdbcUrl(), pg.user(), pg.password(), 2);
        replicaB = Database.pool("replica-b", pg.jdbcUrl(), pg.user(), pg.password(), 2);
        Database.migrate(replicaA);
    }

    @AfterAll
    static void close() {
        replicaA.close();
        replicaB.close();
    }

    private static String deployment(String name, String limits) throws Exception {
        var yaml = """
                deployments:
                  - name: %s
                    provider: openai
                    base_url: http://localhost:1/v1
                    %s
                models:
                  - id: m-%s
                    deployment: %s
                    price: { input: 1, output: 1 }
                """.formatted(name, limits, name, name);
        RateLimitProbe.sync(replicaA, Catalogue.parse(yaml, Map.<String, String>of()::get).deployments());
        return name;
    }

    /** A take that must leave 90% of a bucket of 10 succeeds only when the bucket is full; it leaves 9. */
    private static void awaitFullBucket(String d) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> RateLimitProbe.take(replicaA, d, 1, 0.9) == 0);
    }

    @Test
    void shouldLetWhatOneReplicaTakesCountAgainstTheOther() throws Exception {
        // 600 RPM with 1 s of burst: at most 10 requests at once, 10 more per second
        var d = deployment("shared-" + System.nanoTime(), "rpm: 600");
        awaitFullBucket(d);
        int granted = 1;
        while (RateLimitProbe.take(granted % 2 == 0 ? replicaA : replicaB, d, 1, 0) == 0) {
            granted++;
        }
        assertThat(granted).as("both replicas together got at most the bucket plus its refill meanwhile").isBetween(8, 14);
        assertThat(RateLimitProbe.take(replicaB, d, 1, 0)).isPositive();
    }

    @Test
    void shouldReturnTheUnusedPartOfAReservationWhenSettled() throws Exception {
        // 60,000 TPM = 1,000 tokens per second, bucket of 1,000
        var d = deployment("settle-" + System.nanoTime(), "tpm: 60000");
        await().atMost(Duration.ofSeconds(5)).until(() -> RateLimitProbe.take(replicaA, d, 900, 0) == 0);
        assertThat(RateLimitProbe.take(replicaB, d, 900, 0)).as("the 900 are reserved").isPositive();
        RateLimitProbe.settle(replicaA, d, 800);
        assertThat(RateLimitProbe.take(replicaB, d, 800, 0)).as("800 unused tokens came back").isZero();
    }

    @Test
    void shouldFreeAConcurrencyLeaseWhenItsCallSettlesOrIsGivenBack() throws Exception {
        var d = deployment("lease-" + System.nanoTime(), "max_concurrent: 1");
        var first = UUID.randomUUID();
        assertThat(RateLimitProbe.take(replicaA, d, first)).isZero();
        assertThat(RateLimitProbe.take(replicaB, d, UUID.randomUUID())).as("the one slot is leased").isPositive();
        RateLimitProbe.settle(replicaA, d, 0, first);
        var second = UUID.randomUUID();
        assertThat(RateLimitProbe.take(replicaB, d, second)).as("settling freed the slot").isZero();
        assertThat(RateLimitProbe.take(replicaA, d, UUID.randomUUID())).isPositive();
        RateLimitProbe.giveBack(replicaB, d, 1, second);
        assertThat(RateLimitProbe.take(replicaA, d, UUID.randomUUID())).as("giving back freed it too").isZero();
    }

    @Test
    void shouldPutARequestBackWhenAnUnsentPermitIsGivenBack() throws Exception {
        // 60 RPM with 1 s of burst: a bucket of one request, refilled once a second
        var d = deployment("give-back-" + System.nanoTime(), "rpm: 60");
        await().atMost(Duration.ofSeconds(5)).until(() -> RateLimitProbe.take(replicaA, d, UUID.randomUUID()) == 0);
        assertThat(RateLimitProbe.take(replicaB, d, UUID.randomUUID())).as("the bucket is empty").isPositive();
        RateLimitProbe.giveBack(replicaA, d, 1, UUID.randomUUID());
        assertThat(RateLimitProbe.take(replicaB, d, UUID.randomUUID())).as("the request given back is there to take").isZero();
    }

    @Test
    void shouldPauseADeploymentForEveryReplicaAfterA429() throws Exception {
        var d = deployment("cool-" + System.nanoTime(), "rpm: 6000");
        await().atMost(Duration.ofSeconds(5)).until(() -> RateLimitProbe.take(replicaA, d, 1, 0) == 0);
        RateLimitProbe.pause(replicaA, d, Duration.ofSeconds(30));
        assertThat(RateLimitProbe.take(replicaB, d, 1, 0)).isGreaterThan(25_000);
        assertThat(RateLimitProbe.cooldowns(replicaB)).containsKey(d);
    }

    /**
     * A 429 with a short Retry-After stops the deployment for that long, not until the lower
     * classes' reserves have refilled from zero: 10 requests a second with 10 s of burst, so a
     * normal call would otherwise wait for 1 + 10 of 100 requests (1.1 s) after every 429.
     */
    @Test
    void shouldLetANormalCallGoSoonAfterAShortPause() throws Exception {
        var d = deployment("short-pause-" + System.nanoTime(), "rpm: 600\n    burst_ms: 10000");
        await().atMost(Duration.ofSeconds(10)).until(() -> RateLimitProbe.take(replicaA, d, 1, 0.10) == 0);
        RateLimitProbe.pause(replicaA, d, Duration.ofMillis(50));
        var paused = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> RateLimitProbe.take(replicaB, d, 1, 0.10) == 0);
        var stoppedMillis = (System.nanoTime() - paused) / 1_000_000;
        assertThat(stoppedMillis).as("the pause (50 ms) plus one request's refill (100 ms), with slack for a loaded machine")
                .isLessThan(600);
    }

    @Test
    void shouldKeepTheLastPartOfTheBucketFromLowerClasses() throws Exception {
        // a bucket of 10 requests; a class with a 25% reserve must leave 2.5 of them
        var d = deployment("reserve-" + System.nanoTime(), "rpm: 600");
        awaitFullBucket(d);
        int lowGrants = 0;
        while (RateLimitProbe.take(replicaA, d, 1, 0.25) == 0) {
            lowGrants++;
        }
        assertThat(lowGrants).isBetween(5, 8);
        assertThat(RateLimitProbe.take(replicaA, d, 1, 0)).as("a high job still finds a permit").isZero();
    }

    @Test
    void shouldHoldLowerClassesToTheirMinimumShareWhileHighWorkWaitsOnAnyReplica() throws Exception {
        var d = deployment("urgent-" + System.nanoTime(), "rpm: 60000");
        awaitFullBucket(d);
        assertThat(RateLimitProbe.take(replicaA, d, true, 0)).isZero();
        assertThat(RateLimitProbe.take(replicaB, d, false, 0.10)).as("the first lower grant of the period").isZero();
        assertThat(RateLimitProbe.take(replicaB, d, false, 0.10)).as("already at its 10% share").isPositive();
        for (int i = 0; i < 20; i++) {
            assertThat(RateLimitProbe.take(replicaA, d, true, 0)).isZero();
        }
        assertThat(RateLimitProbe.take(replicaB, d, false, 0.10)).as("share earned by 20 urgent grants").isZero();
    }
}
