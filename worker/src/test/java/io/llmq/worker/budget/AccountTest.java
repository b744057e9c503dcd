package io.llmq.worker.budget;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class AccountTest {

    @Test
    void shouldKeepAnEndedCallsReservationUntilItsCostCanHaveReachedTheLedger() {
        var account = new Account(5_000);
        account.granted(new BigDecimal("1.00"), new BigDecimal("0.30"));
        assertThat(account.free(0)).isEqualByComparingTo("0.70");

        account.ended(new BigDecimal("0.30"), 1_000);
        assertThat(account.committed(1_000)).as("settling, not yet handed back").isEqualByComparingTo("0.30");
        assertThat(account.committed(5_999)).isEqualByComparingTo("0.30");
        assertThat(account.committed(6_000)).as("past the settle window").isZero();
        assertThat(account.free(6_000)).isEqualByComparingTo("1.00");
    }
}
