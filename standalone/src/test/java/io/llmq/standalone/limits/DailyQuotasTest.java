package io.llmq.standalone.limits;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.catalogue.DeploymentLimits;
import io.llmq.schema.db.Database;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.provider.Usage;
import io.llmq.worker.ratelimit.CallGate;
import io.llmq.worker.ratelimit.DailyQuotas;
import io.llmq.worker.ratelimit.QuotaCharge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily quotas' state is in PostgreSQL: two {@link DailyQuotas} on two connection pools stand
 * for two worker replicas; what one takes, the other cannot take again. The day is cut by a clock
 * the test moves.
 */
class DailyQuotasTest {
    private static final Duration RECHECK = Duration.ofMinutes(5);
    private static HikariDataSource replicaA;
    private static HikariDataSource replicaB;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-10T15:20:00Z"));

    @BeforeAll
    static void pools() {
        var pg = TestEngines.sharedPostgres();
        replicaA = Database.pool("quota-a", pg.jdbcUrl(), pg.user(), pg.password(), 8);
        replicaB = Database.pool("quota-b", pg.jdbcUrl(), pg.user(), pg.password(), 8);
        Database.migrate(replicaA);
    }

    @AfterAll
    static void close() {
        replicaA.close();
        replicaB.close();
    }

    private static DeploymentLimits daily(int rpd, long tpd, int resetHour) {
        return new DeploymentLimits(0, 0, 0, null, rpd, tpd, resetHour);
    }

    private static String deployment() {
        return "daily-" + System.nanoTime();
    }

    private static long[] use(String deployment, Instant dayStart) throws SQLException {
        try (var c = replicaA.getConnection(); var st = c.prepareStatement(
                "SELECT requests, tokens FROM daily_quota_use WHERE deployment = ? AND day_start = ?")) {
            st.setString(1, deployment);
            st.setTimestamp(2, java.sql.Timestamp.from(dayStart));
            try (var rs = st.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
            }
        }
    }

    @Test
    void shouldTakeExactlyTheDaysRequestsAcrossTwoReplicasCallingAtOnce() throws Exception {
        var d = deployment();
        var limits = daily(50, 0, 0);
        var replicas = new DailyQuotas[] {new DailyQuotas(replicaA, clock, RECHECK), new DailyQuotas(replicaB, clock, RECHECK)};
        try (var threads = Executors.newFixedThreadPool(8)) {
            var tries = new ArrayList<Future<Integer>>();
            for (int t = 0; t < 8; t++) {
                var quotas = replicas[t % 2];
                tries.add(threads.submit((Callable<Integer>) () -> {
                    int taken = 0;
                    for (int i = 0; i < 20; i++) {
                        if (quotas.take(d, limits, () -> 10) instanceof QuotaCharge.Taken) {
                            taken++;
                        }
                    }
                    return taken;
                }));
            }
            int taken = 0;
            for (var f : tries) {
                taken += f.get();
            }
            assertThat(taken).as("calls let through of 160 tried against rpd 50").isEqualTo(50);
        }
        assertThat(use(d, Instant.parse("2026-03-10T00:00:00Z"))[0]).isEqualTo(50);
        // each replica saw the day spent and leaves the deployment out of its pools
        assertThat(replicas[0].spent(d)).isTrue();
        assertThat(replicas[1].spent(d)).isTrue();
    }

    @Test
    void shouldRefuseUntilTheResetHourAndStartAFreshDayThen() {
        var d = deployment();
        var limits = daily(2, 0, 7);
        var quotas = new DailyQuotas(replicaA, clock, RECHECK);
        assertThat(quotas.take(d, limits, () -> 1)).isInstanceOf(QuotaCharge.Taken.class);
        assertThat(quotas.take(d, limits, () -> 1)).isInstanceOf(QuotaCharge.Taken.class);

        var refused = quotas.take(d, limits, () -> 1);
        // 15:20 on the 10th: the day began at 07:00 and ends at 07:00 on the 11th
        assertThat(refused).isEqualTo(new QuotaCharge.Spent(Instant.parse("2026-03-11T07:00:00Z"), Duration.ofHours(15).plusMinutes(40)));

        clock.set(Instant.parse("2026-03-11T06:59:59Z"));
        assertThat(quotas.take(d, limits, () -> 1)).isInstanceOf(QuotaCharge.Spent.class);
        clock.set(Instant.parse("2026-03-11T07:00:00Z"));
        assertThat(quotas.spent(d)).as("seen spent yesterday, not today").isFalse();
        assertThat(quotas.take(d, limits, () -> 1)).isInstanceOf(QuotaCharge.Taken.class);
    }

    @Test
    void shouldSettleTokensToTheRealUsageAndGiveBackACallNotMade() throws Exception {
        var d = deployment();
        var limits = daily(0, 1000, 0);
        var dayStart = Instant.parse("2026-03-10T00:00:00Z");
        var quotas = new DailyQuotas(replicaA, clock, RECHECK);

        var first = (QuotaCharge.Taken) quotas.take(d, limits, () -> 400);
        assertThat(use(d, dayStart)).containsExactly(1, 400);
        first.over(openPermit()).settle(new Usage(100, 0, 50));
        assertThat(use(d, dayStart)).as("the bound settled to the real usage").containsExactly(1, 150);

        assertThat(quotas.take(d, limits, () -> 900)).as("150 + 900 > 1000").isInstanceOf(QuotaCharge.Spent.class);
        var second = (QuotaCharge.Taken) quotas.take(d, limits, () -> 850);
        assertThat(use(d, dayStart)).containsExactly(2, 1000);
        second.over(openPermit()).release();
        assertThat(use(d, dayStart)).as("a call not made counts nothing").containsExactly(1, 150);
    }

    @Test
    void shouldLetACallBiggerThanTheWholeTokenQuotaThroughOnlyAtTheStartOfADay() {
        var d = deployment();
        var limits = daily(0, 1000, 0);
        var quotas = new DailyQuotas(replicaA, clock, RECHECK);

        assertThat(quotas.take(d, limits, () -> 5000)).isInstanceOf(QuotaCharge.Taken.class);
        assertThat(quotas.take(d, limits, () -> 5000)).isInstanceOf(QuotaCharge.Spent.class);
        assertThat(quotas.take(d, limits, () -> 1)).isInstanceOf(QuotaCharge.Spent.class);
    }

    @Test
    void shouldCountNothingForADeploymentWithoutADailyQuota() throws Exception {
        var d = deployment();
        var quotas = new DailyQuotas(replicaA, clock, RECHECK);

        assertThat(quotas.take(d, DeploymentLimits.NONE, () -> {
            throw new AssertionError("no tokens are counted without a quota");
        })).isInstanceOf(QuotaCharge.Taken.class);
        assertThat(use(d, Instant.parse("2026-03-10T00:00:00Z"))).containsExactly(0, 0);
    }

    private static CallGate.Permit openPermit() throws InterruptedException {
        return CallGate.OPEN.acquire("any", 0, io.llmq.schema.Priority.NORMAL);
    }
}
