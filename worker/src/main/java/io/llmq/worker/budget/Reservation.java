package io.llmq.worker.budget;

import java.math.BigDecimal;
import java.time.Instant;

/** The answer to "may this call spend up to this much?". A denial is a value, not an exception. */
public sealed interface Reservation {

    /** The tenant has no hard budget: nothing was reserved, nothing to release. */
    record Unlimited() implements Reservation {
    }

    /** {@code amount} is reserved until {@link BudgetGate#release}. */
    record Held(String tenantId, BigDecimal amount) implements Reservation {
    }

    /**
     * The call would take the tenant past its hard budget for {@code period}.
     *
     * @param periodEnd when the period rolls over and the budget is fresh again
     */
    record Denied(Period period, BigDecimal limit, BigDecimal spent, BigDecimal reserved, Instant periodEnd)
            implements Reservation {

        public String message(String tenantId) {
            return "Tenant " + tenantId + " has reached its hard budget for the " + period.wireName() + " ($"
                    + plain(limit) + "; $" + plain(spent) + " spent, $" + plain(reserved) + " reserved for calls in flight). "
                    + "Its jobs wait, parked, and resume when the budget is raised or the " + period.wireName()
                    + " rolls over at " + periodEnd + ".";
        }

        private static String plain(BigDecimal amount) {
            return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
        }
    }

    /** The budget could not be read (database away): the call waits rather than spend unchecked. */
    record Unavailable(String reason) implements Reservation {
    }

    Reservation UNLIMITED = new Unlimited();
}
