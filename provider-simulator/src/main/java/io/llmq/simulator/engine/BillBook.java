package io.llmq.simulator.engine;

import io.llmq.simulator.Bill;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The running bill. One atomic reference rather than separate counters, so that a reader never
 * sees a call counted without its tokens, and a reset never splits a call in two.
 */
public final class BillBook {

    private final AtomicReference<Bill> bill = new AtomicReference<>(Bill.EMPTY);

    public void served(Completion completion) {
        bill.updateAndGet(b -> new Bill(b.calls() + 1, b.promptTokens() + completion.promptTokens(),
                b.completionTokens() + completion.completionTokens(), b.rejected(), b.failed()));
    }

    public void rejected() {
        bill.updateAndGet(b -> new Bill(b.calls(), b.promptTokens(), b.completionTokens(), b.rejected() + 1, b.failed()));
    }

    /** A request that got no usable answer (an injected fault); counted, never billed. */
    public void failed() {
        bill.updateAndGet(b -> new Bill(b.calls(), b.promptTokens(), b.completionTokens(), b.rejected(), b.failed() + 1));
    }

    public Bill current() {
        return bill.get();
    }

    /** Zeroes the bill and returns what it held, in one step, so no call is lost between a read and a reset. */
    public Bill reset() {
        return bill.getAndSet(Bill.EMPTY);
    }
}
