package io.llmq.bench.chaos;

import io.llmq.simulator.BilledCall;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {
    private static final String KILLED = "bench-w1-dead0001";
    private static final String LIVE = "bench-w2-live0002";

    @Test
    void shouldBalanceWhenEveryBilledCallHasItsLedgerRow() {
        var r = Reconciliation.of(List.of(call("j1/1/" + LIVE, 10, 5), call("j2/1/" + LIVE, 7, 3)),
                List.of(row("j1/1/" + LIVE, 10, 5), row("j2/1/" + LIVE, 7, 3)), Set.of());

        assertThat(r.balanced()).isTrue();
        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.ledgerTokens()).isEqualTo(r.billedTokens()).isEqualTo(25);
    }

    @Test
    void shouldBalanceAKilledWorkersLostAnswerOnlyThroughItsEstimate() {
        var bill = List.of(call("j1/1/" + KILLED, 10, 5), call("j1/1/" + LIVE, 10, 5));

        var gap = Reconciliation.of(bill, List.of(row("j1/1/" + LIVE, 10, 5)), Set.of(KILLED));
        assertThat(gap.balanced()).as("a billed call with no row is a gap, killed worker or not").isFalse();
        assertThat(gap.unrecorded()).isEqualTo(1);

        // the estimate carries the prompt and the output's bound, not the billed tokens
        var r = Reconciliation.of(bill, List.of(row("j1/1/" + LIVE, 10, 5), estimate("j1/1/" + KILLED, 10, 256),
                estimate("j2/1/" + KILLED, 9, 256)), Set.of(KILLED));
        assertThat(r.balanced()).isTrue();
        assertThat(r.estimated()).isEqualTo(1);
        assertThat(r.estimatedOfKilled()).isEqualTo(1);
        assertThat(r.estimatedTokens()).isEqualTo(15);
        assertThat(r.estimatedUnbilled()).as("a call cut off before the provider answered").isEqualTo(1);
        assertThat(r.ledgerTokens() + r.estimatedTokens()).isEqualTo(r.billedTokens());
    }

    @Test
    void shouldFlagASecondCallOfALiveWorkerThatTheLedgerDoesNotShow() {
        var bill = List.of(call("j1/1/" + LIVE, 10, 5), call("j1/1/bench-w3-live0003", 10, 5));

        var r = Reconciliation.of(bill, List.of(row("j1/1/" + LIVE, 10, 5)), Set.of(KILLED));

        assertThat(r.balanced()).isFalse();
        assertThat(r.unrecorded()).isEqualTo(1);
    }

    @Test
    void shouldFlagLedgerRowsWithoutABilledCallTwiceRecordedCallsAndDifferentTokens() {
        var bill = List.of(call("j1/1/" + LIVE, 10, 5), call("j2/1/" + LIVE, 7, 3));
        var ledger = List.of(row("j1/1/" + LIVE, 10, 5), row("j1/1/" + LIVE, 10, 5), row("j2/1/" + LIVE, 7, 4),
                row("j3/1/" + LIVE, 1, 1), row(null, 1, 1));

        var r = Reconciliation.of(bill, ledger, Set.of());

        assertThat(r.balanced()).isFalse();
        assertThat(r.unbilled()).isEqualTo(3);
        assertThat(r.tokenMismatches()).isEqualTo(1);
    }

    private static BilledCall call(String id, int prompt, int completion) {
        return new BilledCall(id, prompt, completion);
    }

    private static LedgerRow row(String id, long input, long output) {
        return new LedgerRow(id, input, output, false);
    }

    private static LedgerRow estimate(String id, long input, long maxOutput) {
        return new LedgerRow(id, input, maxOutput, true);
    }
}
