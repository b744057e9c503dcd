package io.llmq.worker.outcome;

import io.llmq.schema.db.Transaction;

import java.math.BigDecimal;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Calls sent by worker processes that are gone (killed, or silent past the timeout) and whose
 * answers therefore never reached llmq: the provider may have billed them, so they enter the
 * ledger as {@code estimated} rows, with their batches' cost, one group per transaction.
 */
public final class UnansweredCalls {

    /** One sweep's estimates: how many calls, at what cost, in how many batches. */
    public record Estimated(int calls, BigDecimal cost, int batches) {
        public static final Estimated NONE = new Estimated(0, BigDecimal.ZERO, 0);
    }

    private UnansweredCalls() {
    }

    /** Estimates up to {@code limit} calls of instances without a heartbeat for {@code goneAfterSeconds}. */
    public static Estimated estimate(DataSource dataSource, int goneAfterSeconds, int limit) throws SQLException {
        return Transaction.run(dataSource, c -> {
            var gone = CallAttemptsTable.estimateGone(c, goneAfterSeconds, limit);
            if (gone.calls() == 0) {
                return Estimated.NONE;
            }
            CallAttemptsTable.addCost(c, gone.costByBatch());
            return new Estimated(gone.calls(), gone.costByBatch().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add),
                    gone.costByBatch().size());
        });
    }
}
