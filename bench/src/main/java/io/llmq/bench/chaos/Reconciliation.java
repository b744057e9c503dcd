package io.llmq.bench.chaos;

import io.llmq.simulator.BilledCall;
import io.llmq.worker.call.AttemptIds;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The provider's itemised bill against llmq's ledger, call by call, matched on the attempt id
 * each call was sent with. A billed call must have exactly one ledger row with the same tokens.
 * The one accepted gap: a call billed to a worker instance that was killed with {@code kill -9}
 * while the call was in flight, whose answer never reached llmq ("lost in flight at kill").
 * Everything else is a mismatch.
 *
 * @param billedCalls      calls on the provider's itemised bill
 * @param billedTokens     their prompt + completion tokens
 * @param ledgerRows       ledger rows of the run's batches
 * @param ledgerTokens     their input + output tokens
 * @param matched          billed calls with exactly one ledger row of the same tokens
 * @param lostAtKill       billed calls of killed instances with no ledger row
 * @param lostAtKillTokens their tokens
 * @param unrecorded       billed calls of live or gracefully stopped instances with no ledger row (mismatch)
 * @param unbilled         ledger rows without a billed call, or a second row for one call (mismatch)
 * @param tokenMismatches  matched on the id but not on the tokens (mismatch)
 */
public record Reconciliation(long billedCalls, long billedTokens, long ledgerRows, long ledgerTokens, long matched,
                             long lostAtKill, long lostAtKillTokens, long unrecorded, long unbilled, long tokenMismatches) {

    public static Reconciliation of(Collection<BilledCall> bill, Collection<LedgerRow> ledger, Set<String> killedInstances) {
        Map<String, LedgerRow> byId = new HashMap<>();
        long unbilled = 0;
        long ledgerTokens = 0;
        for (var row : ledger) {
            ledgerTokens += row.totalTokens();
            if (row.attemptId() == null || byId.putIfAbsent(row.attemptId(), row) != null) {
                unbilled++;
            }
        }
        long billedTokens = 0;
        long matched = 0;
        long lost = 0;
        long lostTokens = 0;
        long unrecorded = 0;
        long tokenMismatches = 0;
        for (var call : bill) {
            billedTokens += call.totalTokens();
            var row = byId.remove(call.attemptId());
            if (row == null) {
                if (killedInstances.contains(AttemptIds.instanceOf(call.attemptId()))) {
                    lost++;
                    lostTokens += call.totalTokens();
                } else {
                    unrecorded++;
                }
            } else if (row.inputTokens() == call.promptTokens() && row.outputTokens() == call.completionTokens()) {
                matched++;
            } else {
                tokenMismatches++;
            }
        }
        unbilled += byId.size();
        return new Reconciliation(bill.size(), billedTokens, ledger.size(), ledgerTokens, matched, lost, lostTokens,
                unrecorded, unbilled, tokenMismatches);
    }

    /** True when every billed call is in the ledger once with its tokens, but for calls lost at a kill. */
    public boolean balanced() {
        return unrecorded == 0 && unbilled == 0 && tokenMismatches == 0;
    }
}
