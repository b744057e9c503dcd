package io.llmq.worker.ratelimit;

import io.llmq.worker.provider.Usage;

import java.time.Duration;

/**
 * A rate-limit permit together with the call's count in its deployment's daily quota: settling
 * the permit settles the count to the real usage as the per-minute bucket does (the request stays
 * counted, the unused part of the token bound goes back), releasing it gives both back.
 */
final class DailyPermit implements CallGate.Permit {
    private final CallGate.Permit perMinute;
    private final Count count;

    DailyPermit(CallGate.Permit perMinute, Count count) {
        this.perMinute = perMinute;
        this.count = count;
    }

    /** One call's request and token bound counted in one day's use of one deployment. */
    record Count(DailyQuotas quotas, String deployment, io.llmq.schema.catalogue.QuotaDay day, long tokens) {
        void giveBack() {
            quotas.putBack(this, 1, tokens);
        }

        void settle(Usage actual) {
            if (tokens > 0) {
                quotas.putBack(this, 0, tokens - (actual.inputTokens() + actual.outputTokens()));
            }
        }
    }

    @Override
    public void settle(Usage actual) {
        perMinute.settle(actual);
        count.settle(actual);
    }

    @Override
    public void release() {
        perMinute.release();
        count.giveBack();
    }

    @Override
    public void coolDown(Duration wait) {
        perMinute.coolDown(wait);
    }

    @Override
    public boolean holdsRate() {
        return perMinute.holdsRate();
    }
}
