package io.llmq.worker.budget;

import io.llmq.schema.db.Transaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Hard budgets, enforced before each provider call. A call reserves its maximum cost; the
 * reservation ends when the call does, and the real cost reaches the budget through the ledger
 * (the {@code ledger_daily} roll-up, written in the outcome's transaction).
 *
 * <p>Aggregated, not per call: a worker holds one row per tenant in {@code budget_holds}, an
 * amount granted under the tenant's budget lock that covers its calls in flight plus some room
 * for the next ones. Reservations are taken from that room in memory; only when it runs out does
 * the worker go back to the database, where the grant is checked against the period's spend and
 * the other workers' holds ({@link BudgetBook} does the arithmetic, {@link BudgetTables} the SQL).
 * A background thread ({@link BudgetRefresher}) shrinks the hold back to what is in use every
 * second and keeps it from expiring; a dead worker's hold expires after {@link #HOLD_TTL}.
 * Tenants without a hard budget never touch the database here.
 *
 * <p>Soft limits are checked by the same thread: the first time a period's spend reaches one, a
 * {@code budget.soft_limit_reached} event goes to the results topic (once across all workers) and
 * the {@code llmq.budget.soft_limit.reached} counter moves.
 */
public final class BudgetGate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BudgetGate.class);
    static final Duration HOLD_TTL = Duration.ofSeconds(30);
    static final Duration REFRESH_EVERY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final String worker;
    private final Clock clock;
    private final SoftLimits softLimits;
    private final MeterRegistry registry;
    private final BudgetBook book;
    private final BudgetRefresher refresher;
    private volatile Map<String, Limits> limits = Map.of();

    /** @param worker this worker's hold name; unique among live workers */
    public BudgetGate(DataSource dataSource, String worker, String resultsTopic, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.worker = worker;
        this.clock = clock;
        this.registry = registry;
        this.softLimits = new SoftLimits(dataSource, resultsTopic, clock, registry);
        this.book = new BudgetBook(clock);
        this.refresher = new BudgetRefresher("llmq-budget-" + worker, REFRESH_EVERY, this::refresh);
    }

    /** Reads the budgets once, then starts the refresher thread. */
    public void start() {
        refreshLimits();
        refresher.start();
    }

    /** True once this worker has read a hard budget of the tenant (within {@link #REFRESH_EVERY} of it being set). */
    public boolean hasHardBudget(String tenantId) {
        var tenantLimits = limits.get(tenantId);
        return tenantLimits != null && tenantLimits.anyHard();
    }

    /**
     * Reserves up to the call's maximum cost for one call of the tenant; the cost is asked for only
     * when the tenant has a hard budget (it needs the prompt tokenized).
     *
     * @param recheck ask the database even if a denial was just given: a job that comes back after
     *                its budget was raised must not be turned away by a denial from before the raise
     */
    public Reservation reserve(String tenantId, Supplier<BigDecimal> maxCostOfCall, boolean recheck) {
        if (!hasHardBudget(tenantId)) {
            return Reservation.UNLIMITED;
        }
        var maxCost = maxCostOfCall.get();
        var account = book.account(tenantId);
        account.lock.lock();
        try {
            var now = clock.millis();
            var known = book.fromHold(tenantId, account, maxCost, recheck, now);
            if (known.isPresent()) {
                return known.get();
            }
            var answer = Transaction.run(dataSource, c -> {
                var fresh = BudgetTables.lockLimits(c, tenantId);
                if (!fresh.anyHard()) {
                    return Reservation.UNLIMITED;
                }
                var grant = book.decide(tenantId, account, maxCost, fresh, BudgetTables.spent(c, tenantId),
                        BudgetTables.heldByOthers(c, tenantId, worker), now);
                BudgetTables.hold(c, tenantId, worker, grant.hold(), HOLD_TTL);
                return book.apply(account, maxCost, grant);
            });
            if (answer instanceof Reservation.Denied d) {
                book.denied(account, d, now);
                Counter.builder("llmq.budget.denied").description("calls refused by a tenant's hard budget")
                        .tag("tenant", tenantId).register(registry).increment();
            }
            return answer;
        } catch (SQLException e) {
            log.warn("cannot check the budget of tenant {} ({}); its call waits", tenantId, e.toString());
            return new Reservation.Unavailable(e.toString());
        } finally {
            account.lock.unlock();
        }
    }

    /** The call ended (whatever its result); its cost, if any, is on its way to the ledger. */
    public void release(Reservation reservation) {
        if (!(reservation instanceof Reservation.Held held)) {
            return;
        }
        var account = book.accounts().get(held.tenantId());
        account.lock.lock();
        try {
            account.ended(held.amount(), clock.millis());
        } finally {
            account.lock.unlock();
        }
    }

    /** Stops the refresher and leaves the holds to expire, as a crashed worker's would. */
    public void halt() {
        refresher.stop();
    }

    /** One round of the refresher thread. */
    private void refresh() {
        refreshLimits();
        shrinkHolds();
        softLimits.check(limits);
    }

    private void refreshLimits() {
        try (var c = dataSource.getConnection()) {
            limits = Map.copyOf(BudgetTables.limits(c));
        } catch (SQLException e) {
            log.warn("cannot re-read budgets ({}); keeping the last read", e.toString());
        }
    }

    /** Hands back what calls no longer use, and keeps the rest from expiring. */
    private void shrinkHolds() {
        for (var entry : book.accounts().entrySet()) {
            var account = entry.getValue();
            if (!account.lock.tryLock()) {
                continue; // a grant is being made right now; next round
            }
            try {
                if (account.granted().signum() == 0) {
                    continue;
                }
                var inUse = account.committed(clock.millis());
                try (var c = dataSource.getConnection()) {
                    BudgetTables.hold(c, entry.getKey(), worker, inUse, HOLD_TTL);
                    account.holds(inUse);
                }
            } catch (SQLException e) {
                log.warn("cannot refresh the budget hold of tenant {} ({})", entry.getKey(), e.toString());
            } finally {
                account.lock.unlock();
            }
        }
    }

    /** Stops the refresher and gives back every hold, so a worker that stopped cleanly holds nothing. */
    @Override
    public void close() {
        halt();
        try (var c = dataSource.getConnection()) {
            BudgetTables.releaseAll(c, worker);
        } catch (SQLException e) {
            log.warn("cannot give back budget holds of {} ({}); they expire in {}", worker, e.toString(), HOLD_TTL);
        }
    }
}
