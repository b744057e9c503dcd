package io.llmq.simulator.engine;

import io.llmq.simulator.Bill;
import io.llmq.simulator.BilledCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BillBookTest {

    @Test
    void shouldAddServedUsageAndCountRejectionsApart() {
        var book = new BillBook();

        book.served(new Completion("a", FinishReason.STOP, 10, 5));
        book.served(new Completion("b", FinishReason.LENGTH, 7, 2));
        book.rejected();

        assertThat(book.current()).isEqualTo(new Bill(2, 17, 7, 1));
    }

    @Test
    void shouldHandBackTheOldBillWhenReset() {
        var book = new BillBook();
        book.served(new Completion("a", FinishReason.STOP, 10, 5));

        assertThat(book.reset()).isEqualTo(new Bill(1, 10, 5, 0));
        assertThat(book.current()).isEqualTo(Bill.EMPTY);
    }

    @Test
    void shouldItemiseCallsThatNameTheirAttemptAndOnlyThose() {
        var book = new BillBook();
        book.served(new Completion("a", FinishReason.STOP, 10, 5), "job-1/1/w1-abc");
        book.served(new Completion("b", FinishReason.STOP, 7, 2));
        book.served(new Completion("c", FinishReason.STOP, 3, 4), "job-2/2/w1-abc");

        assertThat(book.itemised()).containsExactly(new BilledCall("job-1/1/w1-abc", 10, 5), new BilledCall("job-2/2/w1-abc", 3, 4));
        assertThat(book.current().calls()).isEqualTo(3);

        book.reset();
        assertThat(book.itemised()).isEmpty();
    }

    @Test
    void shouldCountBatchServedCallsInTheTotalsAndApartAndItemiseThemWithTheirBatch() {
        var book = new BillBook();
        book.served(new Completion("a", FinishReason.STOP, 10, 5), "job-1/1/w1-abc");
        book.servedInBatch(new Completion("b", FinishReason.STOP, 7, 2), "job-2", "batch_1");

        assertThat(book.current()).isEqualTo(new Bill(2, 17, 7, 0, 0, 1, 7, 2));
        assertThat(book.current().batchTokens()).isEqualTo(9);
        assertThat(book.itemised()).containsExactly(new BilledCall("job-1/1/w1-abc", 10, 5),
                new BilledCall("job-2", 7, 2, "batch_1"));
        assertThat(book.itemised().get(1).batch()).isTrue();
    }
}
