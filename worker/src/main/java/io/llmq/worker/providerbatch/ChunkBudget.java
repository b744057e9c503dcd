package io.llmq.worker.providerbatch;

import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.price.PriceBook;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.budget.Reservation;
import io.llmq.worker.ratelimit.TokenEstimate;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A tenant's hard budget before and while a provider batch runs. Before a chunk is created, its
 * maximum cost (every request's prompt tokens and output bound, at the batch price of the version
 * the ledger will bill it at) is reserved through the same {@link BudgetGate} single calls use; a
 * chunk that does not fit is not created (its jobs go to synchronous calls, where the per-call gate
 * parks them {@code over_budget}). The reservation is held while the provider batch is open and
 * released once its row is no longer open, that is once its results are recorded (the ledger then
 * counts them). A provider batch created under an earlier leader is reserved again by the runner
 * that carries it on, so a change of leader does not let the budget forget it.
 *
 * <p>Used by the runner's thread only.
 */
final class ChunkBudget {
    private static final BigDecimal HALF = new BigDecimal("0.5");

    private final BudgetGate gate;
    private final PriceBook prices;
    private final Supplier<Catalogue> catalogue;
    /** By row key: what this runner reserved for it (a denial or an unlimited answer is kept too, so it is asked once). */
    private final Map<String, Reservation> reserved = new HashMap<>();

    ChunkBudget(BudgetGate gate, PriceBook prices, Supplier<Catalogue> catalogue) {
        this.gate = gate;
        this.prices = prices;
        this.catalogue = catalogue;
    }

    /** Reserves the chunk's maximum cost before it is created; asked once per row (a create tried again keeps its reservation). */
    Reservation beforeCreate(ProviderBatchRow row, List<JobMessage> jobs) {
        var known = reserved.get(row.key());
        if (known instanceof Reservation.Held) {
            return known;
        }
        var answer = gate.reserve(row.tenantId(), () -> maxCost(row, jobs), true);
        if (answer instanceof Reservation.Held) {
            reserved.put(row.key(), answer);
        }
        return answer;
    }

    /** Keeps an open provider batch counted that this runner has not reserved (adopted, or created under another leader). */
    void carry(ProviderBatchRow row, Collector collector) throws SQLException {
        if (reserved.containsKey(row.key()) || !gate.hasHardBudget(row.tenantId())) {
            return;
        }
        var messages = collector.stagedJobs(row).values().stream()
                .map(staged -> Json.fromBytes(staged.message(), JobMessage.class)).toList();
        var answer = gate.reserve(row.tenantId(), () -> maxCost(row, messages), true);
        if (!(answer instanceof Reservation.Unavailable)) {
            // created already: a denial cannot stop it, but it is asked once, not at every look
            reserved.put(row.key(), answer);
        }
    }

    /** Releases what rows no longer open held: their results are in the ledger now. */
    void releaseEnded(Collection<ProviderBatchRow> open) {
        Set<String> keys = open.stream().map(ProviderBatchRow::key).collect(Collectors.toSet());
        reserved.entrySet().removeIf(e -> {
            if (keys.contains(e.getKey())) {
                return false;
            }
            gate.release(e.getValue());
            return true;
        });
    }

    /** This runner is no longer the leader: the next one reserves what is still open. */
    void releaseAll() {
        releaseEnded(List.of());
    }

    /**
     * The most the chunk can cost: each request's prompt and output bound at the batch price of the
     * version in force when the row was written (half the unit prices with {@code batch_discount}).
     * A model without a price counts nothing here, as it is billed nothing.
     */
    private BigDecimal maxCost(ProviderBatchRow row, List<JobMessage> jobs) {
        var total = BigDecimal.ZERO;
        for (var job : jobs) {
            var model = catalogue.get().model(job.model());
            var version = prices.inForce(job.model(), row.createdAt());
            if (model.isEmpty() || version.isEmpty()) {
                continue;
            }
            var split = TokenEstimate.split(job.body(), model.get());
            var price = version.get().price();
            var cost = price.cost(split.prompt(), 0, split.maxOutput());
            total = total.add(price.batchDiscount() ? cost.multiply(HALF) : cost);
        }
        return total;
    }
}
