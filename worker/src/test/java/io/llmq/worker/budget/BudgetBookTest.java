package io.llmq.worker.budget;

import io.llmq.worker.testing.MovingClock;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The hard-budget arithmetic, with time moved by hand and the database's figures given as values. */
class BudgetBookTest {
    private static final String TENANT = "acme";
    private static final BigDecimal NOTHING = BigDecimal.ZERO;

    private final MovingClock clock = new MovingClock("2026-03-10T15:00:00Z");
    private final BudgetBook book = new BudgetBook(clock);
    private final Account account = book.account(TENANT);

    private static Limits dailyHard(String usd) {
        return new Limits.Builder().add(Period.DAY, new BigDecimal(usd), null).build();
    }

    private static Spent spentToday(String usd) {
        return new Spent(new BigDecimal(usd), new BigDecimal(usd));
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    /** Asks the database's figures and records the answer, as the gate does once the hold row is written. */
    private Reservation grant(String maxCost, Limits limits, Spent spent, BigDecimal others) {
        var now = clock.millis();
        var decision = book.decide(TENANT, account, usd(maxCost), limits, spent, others, now);
        var answer = book.apply(account, usd(maxCost), decision);
        if (answer instanceof Reservation.Denied d) {
            book.denied(account, d, now);
        }
        return answer;
    }

    @Test
    void shouldGrantRoomForSixteenMoreCallsAndReserveTheNextOutOfItWithoutTheDatabase() {
        assertThat(book.fromHold(TENANT, account, usd("0.10"), false, clock.millis())).as("no hold yet").isEmpty();

        var first = book.decide(TENANT, account, usd("0.10"), dailyHard("10"), spentToday("2"), usd("1"), clock.millis());
        assertThat(first.answer()).isEqualTo(new Reservation.Held(TENANT, usd("0.10")));
        assertThat(first.hold()).as("the call plus 16 like it").isEqualByComparingTo("1.70");
        book.apply(account, usd("0.10"), first);

        var second = book.fromHold(TENANT, account, usd("0.10"), false, clock.millis());

        assertThat(second).contains(new Reservation.Held(TENANT, usd("0.10")));
        assertThat(account.committed(clock.millis())).isEqualByComparingTo("0.20");
    }

    @Test
    void shouldGrantNoMoreThanTheTightestPeriodHasRoomFor() {
        var limits = new Limits.Builder().add(Period.DAY, usd("10"), null).add(Period.MONTH, usd("100"), null).build();

        var decision = book.decide(TENANT, account, usd("0.50"), limits, new Spent(usd("9"), usd("20")), usd("0.25"), clock.millis());

        assertThat(decision.answer()).isInstanceOf(Reservation.Held.class);
        assertThat(decision.hold()).as("the day's 10 - 9 spent - 0.25 held by others").isEqualByComparingTo("0.75");
    }

    @Test
    void shouldDenyACallOverTheBudgetUntilThePeriodEndsAndHoldOnlyWhatIsCommitted() {
        var answer = grant("0.10", dailyHard("10"), spentToday("9.95"), usd("0.02"));

        assertThat(answer).isInstanceOfSatisfying(Reservation.Denied.class, d -> {
            assertThat(d.period()).isEqualTo(Period.DAY);
            assertThat(d.limit()).isEqualByComparingTo("10");
            assertThat(d.spent()).isEqualByComparingTo("9.95");
            assertThat(d.reserved()).as("others' holds plus this worker's").isEqualByComparingTo("0.02");
            assertThat(d.periodEnd()).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
        });
        assertThat(account.granted()).isEqualByComparingTo(NOTHING);
    }

    @Test
    void shouldAnswerARememberedDenialForOneSecondThenAskTheDatabaseAgain() {
        var denied = grant("0.10", dailyHard("10"), spentToday("10"), NOTHING);

        clock.advance(Duration.ofMillis(999));
        assertThat(book.fromHold(TENANT, account, usd("0.10"), false, clock.millis())).contains(denied);

        clock.advance(Duration.ofMillis(1));
        assertThat(book.fromHold(TENANT, account, usd("0.10"), false, clock.millis())).as("denial expired").isEmpty();
    }

    @Test
    void shouldLetAResumedJobPastARecentDenialAndGrantItOnceTheBudgetWasRaised() {
        grant("0.10", dailyHard("10"), spentToday("10"), NOTHING);
        clock.advance(Duration.ofMillis(100));

        assertThat(book.fromHold(TENANT, account, usd("0.10"), true, clock.millis())).as("recheck asks the database").isEmpty();
        var answer = grant("0.10", dailyHard("20"), spentToday("10"), NOTHING);

        assertThat(answer).isEqualTo(new Reservation.Held(TENANT, usd("0.10")));
        assertThat(book.fromHold(TENANT, account, usd("0.10"), false, clock.millis()))
                .as("the old denial is forgotten").contains(new Reservation.Held(TENANT, usd("0.10")));
    }

    @Test
    void shouldFreeAReleasedReservationOnlyOnceItsCostCanHaveReachedTheLedger() {
        assertThat(grant("0.50", dailyHard("1"), spentToday("0"), NOTHING)).isInstanceOf(Reservation.Held.class);
        assertThat(account.granted()).as("capped by the budget").isEqualByComparingTo("1");
        assertThat(book.fromHold(TENANT, account, usd("0.50"), false, clock.millis())).isPresent();
        assertThat(book.fromHold(TENANT, account, usd("0.50"), false, clock.millis())).as("hold used up").isEmpty();

        account.ended(usd("0.50"), clock.millis());
        clock.advance(BudgetBook.SETTLE.minusMillis(1));
        assertThat(book.fromHold(TENANT, account, usd("0.50"), false, clock.millis())).as("still settling").isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(book.fromHold(TENANT, account, usd("0.50"), false, clock.millis()))
                .contains(new Reservation.Held(TENANT, usd("0.50")));
    }
}
