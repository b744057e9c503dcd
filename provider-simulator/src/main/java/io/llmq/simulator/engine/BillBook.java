package io.llmq.simulator.engine;

import io.llmq.simulator.Bill;
import io.llmq.simulator.BilledCall;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running bill. One atomic reference rather than separate counters, so that a reader never
 * sees a call counted without its tokens, and a reset never splits a call in two. Calls that name
 * their attempt id are also itemised, for a reconciliation call by call.
 */
public final class BillBook {

    private final AtomicReference<Bill> bill = new AtomicReference<>(Bill.EMPTY);
    private final ConcurrentLinkedQueue<BilledCall> itemised = new ConcurrentLinkedQueue<>();

    public void served(Completion completion) {
        served(completion, null);
    }

    /** @param attemptId the caller's id of this call, or null when it sent none (then only the totals show it) */
    public void served(Completion completion, String attemptId) {
        if (attemptId != null) {
            itemised.add(new BilledCall(attemptId, completion.promptTokens(), completion.completionTokens()));
        }
        bill.updateAndGet(b -> new Bill(b.calls() + 1, b.promptTokens() + completion.promptTokens(),
                b.completionTokens() + completion.completionTokens(), b.rejected(), b.failed(), b.batchCalls(),
                b.batchPromptTokens(), b.batchCompletionTokens()));
    }

    /** A line of a provider batch, served: counted in the totals and apart as batch-served, itemised by its custom id. */
    public void servedInBatch(Completion completion, String customId, String providerBatchId) {
        itemised.add(new BilledCall(customId, completion.promptTokens(), completion.completionTokens(), providerBatchId));
        bill.updateAndGet(b -> new Bill(b.calls() + 1, b.promptTokens() + completion.promptTokens(),
                b.completionTokens() + completion.completionTokens(), b.rejected(), b.failed(), b.batchCalls() + 1,
                b.batchPromptTokens() + completion.promptTokens(), b.batchCompletionTokens() + completion.completionTokens()));
    }

    public void rejected() {
        bill.updateAndGet(b -> new Bill(b.calls(), b.promptTokens(), b.completionTokens(), b.rejected() + 1, b.failed(),
                b.batchCalls(), b.batchPromptTokens(), b.batchCompletionTokens()));
    }

    /** A request that got no usable answer (an injected fault); counted, never billed. */
    public void failed() {
        bill.updateAndGet(b -> new Bill(b.calls(), b.promptTokens(), b.completionTokens(), b.rejected(), b.failed() + 1,
                b.batchCalls(), b.batchPromptTokens(), b.batchCompletionTokens()));
    }

    public Bill current() {
        return bill.get();
    }

    /** Zeroes the bill and returns what it held, in one step, so no call is lost between a read and a reset. */
    public Bill reset() {
        itemised.clear();
        return bill.getAndSet(Bill.EMPTY);
    }

    /** The billed calls that carried an attempt id, in the order they were billed. */
    public List<BilledCall> itemised() {
        return List.copyOf(itemised);
    }
}
