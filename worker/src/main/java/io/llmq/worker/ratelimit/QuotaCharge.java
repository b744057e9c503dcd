package io.llmq.worker.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * What a deployment's daily quota said to one call: taken (the call may go), spent (none may until
 * the reset), or unreadable (the database is away: the call waits, it never goes unchecked).
 */
public sealed interface QuotaCharge {

    /**
     * The day's quota of every deployment it names is spent until {@code resetsAt}, which is
     * {@code untilReset} from now by the quota's clock.
     */
    record Spent(Instant resetsAt, Duration untilReset) implements QuotaCharge {
    }

    /** The quota's row could not be read or written. */
    record Unavailable(String reason) implements QuotaCharge {
    }

    /**
     * The call's request and token bound are counted in the day's use (nothing is, for a
     * deployment without a daily quota); exactly one of {@link #over} (whose permit then settles
     * or gives back the count) or {@link #giveBack} ends it.
     */
    final class Taken implements QuotaCharge {
        /** A deployment without a daily quota: nothing was counted, nothing goes back. */
        static final Taken UNCOUNTED = new Taken(null);

        private final DailyPermit.Count count;

        Taken(DailyPermit.Count count) {
            this.count = count;
        }

        /** The call's rate-limit permit, settling the day's count with it. */
        public CallGate.Permit over(CallGate.Permit perMinute) {
            return count == null ? perMinute : new DailyPermit(perMinute, count);
        }

        /** No call will be made for this charge: its request and tokens go back. */
        public void giveBack() {
            if (count != null) {
                count.giveBack();
            }
        }
    }
}
