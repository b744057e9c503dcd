package io.llmq.worker.outcome;

import io.llmq.worker.provider.Usage;

/**
 * A provider attempt the provider charged for, or a cache hit: becomes exactly one ledger row. Its
 * unit prices are not carried here: the ledger row takes the version of {@code prices} in force at
 * {@code calledAtMillis}, in the transaction that writes it.
 *
 * @param attempt        the job's attempt number; 0 for a cache hit, which made no call, {@link #HANDED_BACK_ANSWER}
 *                       for a provider batch's answer an output check sent on to synchronous calls
 * @param attemptId      the id the call was sent with ({@code X-Llmq-Attempt}), kept on the ledger row; null
 *                       for a cache hit
 * @param calledAtMillis when the call was made: which price version applies
 */
public record BilledAttempt(int attempt, String attemptId, String deployment, String model, Usage usage, long calledAtMillis,
                            Kind kind) {

    /**
     * The ledger row's {@code kind}: a synchronous call, a cache hit, or an answer of a provider
     * batch (charged at the batch price of its price version, see {@link LedgerTable}).
     */
    public enum Kind {
        CALL("call"), CACHE_HIT("cache_hit"), PROVIDER_BATCH("provider_batch");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public static BilledAttempt call(int attempt, String attemptId, String deployment, String model, Usage usage,
                                     long calledAtMillis) {
        return new BilledAttempt(attempt, attemptId, deployment, model, usage, calledAtMillis, Kind.CALL);
    }

    /**
     * One request answered inside a provider batch: the usage the provider reported, priced as of
     * {@code createdAtMillis}, when the provider batch was created.
     *
     * @param providerBatchId the provider's id of the batch, kept as the row's attempt id for reconciliation
     */
    public static BilledAttempt providerBatch(String providerBatchId, String deployment, String model, Usage usage,
                                              long createdAtMillis) {
        return new BilledAttempt(1, providerBatchId, deployment, model, usage, createdAtMillis, Kind.PROVIDER_BATCH);
    }

    /**
     * The attempt number of a provider batch's answer that an output check sent back to synchronous
     * calls: billed by the provider, so on the ledger, but not the job's outcome. The synchronous
     * attempts after it count from 1, and a cache hit is 0, so it takes a number of its own.
     */
    public static final int HANDED_BACK_ANSWER = -1;

    /** A provider batch's answer whose job went on to synchronous calls (an output check said retry). */
    public static BilledAttempt providerBatchHandedBack(String providerBatchId, String deployment, String model, Usage usage,
                                                        long createdAtMillis) {
        return new BilledAttempt(HANDED_BACK_ANSWER, providerBatchId, deployment, model, usage, createdAtMillis, Kind.PROVIDER_BATCH);
    }

    /** Answered from the response cache: a ledger row at zero tokens and zero cost. */
    public static BilledAttempt cacheHit(String model, long atMillis) {
        return new BilledAttempt(0, null, CACHE_DEPLOYMENT, model, Usage.NONE, atMillis, Kind.CACHE_HIT);
    }

    /** The ledger's deployment of a cache hit. */
    public static final String CACHE_DEPLOYMENT = "llmq-cache";
}
