package io.llmq.bench.chaos;

import io.llmq.simulator.BilledCall;
import io.llmq.worker.call.AttemptIds;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provider's itemised bill against llmq's ledger, call by call, matched on the attempt id
 * each call was sent with. A billed call must have exactly one ledger row: an answered call's
 * row with the same tokens, or, for a call whose worker died before its answer was recorded, an
 * estimate (the prompt's tokens and the output's bound). A billed call with no row is a gap.
 * A line a provider batch served is matched on its provider batch and its job: the bill names it
 * by its provider batch id and custom id, its ledger row (kind {@code provider_batch}) holds the
 * provider batch id as its attempt id and the job's id.
 *
 * @param billedCalls      calls on the provider's itemised bill
 * @param billedTokens     their prompt + completion tokens
 * @param ledgerRows       ledger rows of the run's batches (withdrawn estimates left out)
 * @param ledgerTokens     tokens of the answered calls' rows
 * @param matched          billed calls with exactly one answered row of the same tokens
 * @param estimated        billed calls on the ledger as an estimate
 * @param estimatedTokens  their tokens as the provider billed them
 * @param estimatedOfKilled of those, calls of worker instances that were killed
 * @param estimatedUnbilled estimates without a billed call: a call cut off before the provider answered (reported, allowed)
 * @param unrecorded       billed calls with no ledger row (mismatch)
 * @param unbilled         answered rows without a billed call, or a second row for one call (mismatch)
 * @param tokenMismatches  matched on the id but not on the tokens (mismatch)
 * @param batchLines       of those, the provider batches' part
 */
public record Reconciliation(long billedCalls, long billedTokens, long ledgerRows, long ledgerTokens, long matched,
                             long estimated, long estimatedTokens, long estimatedOfKilled, long estimatedUnbilled,
                             long unrecorded, long unbilled, long tokenMismatches, BatchLines batchLines) {

    /**
     * The lines provider batches served, on the bill and on the ledger.
     *
     * @param billed     lines on the bill (billed at the batch price)
     * @param billedTokens their prompt + completion tokens
     * @param rows       ledger rows of kind {@code provider_batch}
     * @param rowTokens  their tokens
     * @param matched    lines with exactly one row of the same provider batch, job and tokens
     */
    public record BatchLines(long billed, long billedTokens, long rows, long rowTokens, long matched) {
        /** One row per line and one line per row, with the same tokens. */
        public boolean oneToOne() {
            return matched == billed && matched == rows && billedTokens == rowTokens;
        }
    }

    /** The first job id in a custom id: OpenAI's is the job id, Anthropic's carries the provider batch key's tag before it. */
    private static final Pattern JOB_ID = Pattern.compile("batch_[A-Za-z0-9]+-[0-9]+$");

    public static Reconciliation of(Collection<BilledCall> bill, Collection<LedgerRow> ledger, Set<String> killedInstances) {
        Map<String, LedgerRow> byId = new HashMap<>();
        long unbilled = 0;
        long ledgerTokens = 0;
        long batchRows = 0;
        long batchRowTokens = 0;
        for (var row : ledger) {
            if (!row.estimated()) {
                ledgerTokens += row.totalTokens();
            }
            if (row.providerBatch()) {
                batchRows++;
                batchRowTokens += row.totalTokens();
            }
            if (row.attemptId() == null || byId.putIfAbsent(row.callKey(), row) != null) {
                unbilled++;
            }
        }
        long billedTokens = 0;
        long matched = 0;
        long estimated = 0;
        long estimatedTokens = 0;
        long ofKilled = 0;
        long unrecorded = 0;
        long tokenMismatches = 0;
        long batchLines = 0;
        long batchTokens = 0;
        long batchMatched = 0;
        for (var call : bill) {
            billedTokens += call.totalTokens();
            if (call.batch()) {
                batchLines++;
                batchTokens += call.totalTokens();
            }
            var row = byId.remove(callKey(call));
            if (row == null) {
                unrecorded++;
            } else if (row.estimated()) {
                estimated++;
                estimatedTokens += call.totalTokens();
                ofKilled += killedInstances.contains(AttemptIds.instanceOf(call.attemptId())) ? 1 : 0;
            } else if (row.inputTokens() == call.promptTokens() && row.outputTokens() == call.completionTokens()) {
                matched++;
                batchMatched += row.providerBatch() ? 1 : 0;
            } else {
                tokenMismatches++;
            }
        }
        long estimatedUnbilled = byId.values().stream().filter(LedgerRow::estimated).count();
        unbilled += byId.size() - estimatedUnbilled;
        return new Reconciliation(bill.size(), billedTokens, ledger.size(), ledgerTokens, matched, estimated, estimatedTokens,
                ofKilled, estimatedUnbilled, unrecorded, unbilled, tokenMismatches,
                new BatchLines(batchLines, batchTokens, batchRows, batchRowTokens, batchMatched));
    }

    /** A call alone by its attempt id; a provider batch's line by its provider batch and job, as {@link LedgerRow#callKey()}. */
    private static String callKey(BilledCall call) {
        if (!call.batch()) {
            return call.attemptId();
        }
        return LedgerRow.batchLineKey(call.providerBatchId(), jobOf(call.attemptId()));
    }

    /** llmq's job id inside a provider batch line's custom id (the custom id itself if it holds none). */
    static String jobOf(String customId) {
        var job = JOB_ID.matcher(customId);
        return job.find() ? job.group() : customId;
    }

    /** True when every billed call is on the ledger once: answered with its tokens, or estimated. */
    public boolean balanced() {
        return unrecorded == 0 && unbilled == 0 && tokenMismatches == 0 && ledgerTokens + estimatedTokens == billedTokens;
    }
}
