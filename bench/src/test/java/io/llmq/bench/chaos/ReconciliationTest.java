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

    @Test
    void shouldMatchProviderBatchLinesOnTheirProviderBatchAndJobWhateverTagTheCustomIdCarries() {
        var bill = List.of(line("batch_abc-1", "batch_o1", 10, 5), line("1a2b3c4d_batch_abc-2", "msgbatch_a1", 8, 4),
                call("batch_abc-3/1/" + LIVE, 9, 3));
        var ledger = List.of(batchRow("batch_o1", "batch_abc-1", 10, 5), batchRow("msgbatch_a1", "batch_abc-2", 8, 4),
                row("batch_abc-3/1/" + LIVE, 9, 3));

        var r = Reconciliation.of(bill, ledger, Set.of());

        assertThat(r.balanced()).isTrue();
        assertThat(r.batchLines()).isEqualTo(new Reconciliation.BatchLines(2, 27, 2, 27, 2));
        assertThat(r.batchLines().oneToOne()).isTrue();
    }

    @Test
    void shouldFlagAProviderBatchLineWrittenTwiceOrUnderAnotherProviderBatchOrNotAtAll() {
        var bill = List.of(line("batch_abc-1", "batch_o1", 10, 5), line("batch_abc-2", "batch_o1", 8, 4),
                line("batch_abc-3", "batch_o1", 7, 2));
        // job 1 twice, job 2 under a provider batch that did not serve it, job 3 missing
        var ledger = List.of(batchRow("batch_o1", "batch_abc-1", 10, 5), batchRow("batch_o1", "batch_abc-1", 10, 5),
                batchRow("batch_o2", "batch_abc-2", 8, 4));

        var r = Reconciliation.of(bill, ledger, Set.of());

        assertThat(r.balanced()).isFalse();
        assertThat(r.unrecorded()).isEqualTo(2);
        assertThat(r.unbilled()).isEqualTo(2);
        assertThat(r.batchLines().oneToOne()).isFalse();
        assertThat(r.batchLines().matched()).isEqualTo(1);
    }

    private static BilledCall line(String customId, String providerBatchId, int prompt, int completion) {
        return new BilledCall(customId, prompt, completion, providerBatchId);
    }

    private static LedgerRow batchRow(String providerBatchId, String jobId, long input, long output) {
        return new LedgerRow(providerBatchId, jobId, input, output, false, true);
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
