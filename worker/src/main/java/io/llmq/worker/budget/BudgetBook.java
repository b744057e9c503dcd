package io.llmq.worker.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arithmetic of hard budgets, with no database: what a worker's holds have room for, when a
 * call must ask the database for more, and what the database's figures grant or deny. The caller
 * holds the tenant's {@link Account#lock} around every call that takes an account, and does the
 * SQL ({@link BudgetTables}) in between.
 */
final class BudgetBook {
    static final Duration SETTLE = Duration.ofSeconds(5);
    /** A grant asks for room for this many more calls like the one that asked. */
    static final int ROOM_FOR = 16;
    /** A denial is remembered this long, so a tenant's queue of jobs does not each ask the database. */
    static final Duration DENIAL_KEPT = Duration.ofSeconds(1);

    /**
     * What the database's figures come to.
     *
     * @param answer the call's reservation: {@link Reservation.Held} or {@link Reservation.Denied}
     * @param hold   what this worker's hold row for the tenant must now be
     */
    record Grant(Reservation answer, BigDecimal hold) {
    }

    private final Clock clock;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /** @param clock tells a denial's period end */
    BudgetBook(Clock clock) {
        this.clock = clock;
    }

    Account account(String tenantId) {
        return accounts.computeIfAbsent(tenantId, t -> new Account(SETTLE.toMillis()));
    }

    Map<String, Account> accounts() {
        return accounts;
    }

    /**
     * The answer this worker can give alone: a reservation out of its hold's room, or a denial given
     * less than {@link #DENIAL_KEPT} ago. Empty when the database must be asked.
     *
     * @param recheck skip a remembered denial: a job that comes back after its budget was raised
     *                must not be turned away by a denial from before the raise
     */
    Optional<Reservation> fromHold(String tenantId, Account account, BigDecimal maxCost, boolean recheck, long nowMillis) {
        if (!recheck) {
            var denied = account.recentDenial(nowMillis);
            if (denied.isPresent()) {
                return Optional.of(denied.get());
            }
        }
        return account.take(maxCost, nowMillis) ? Optional.of(new Reservation.Held(tenantId, maxCost)) : Optional.empty();
    }

    /**
     * What the tenant's hard limits allow, given the period's spend and the other workers' holds. The
     * first period without room for this worker's committed amount plus the call denies it, and this
     * worker holds on to only what it has committed; otherwise the hold grows to cover the call and
     * {@link #ROOM_FOR} more like it, as far as the tightest period has room.
     */
    Grant decide(String tenantId, Account account, BigDecimal maxCost, Limits hardLimits, Spent spent, BigDecimal others,
                 long nowMillis) {
        var mine = account.committed(nowMillis);
        var need = mine.add(maxCost);
        Reservation.Denied tightest = null;
        BigDecimal room = null;
        for (var e : hardLimits.hard().entrySet()) {
            var headroom = e.getValue().subtract(spent.in(e.getKey())).subtract(others);
            if (headroom.compareTo(need) < 0 && tightest == null) {
                tightest = new Reservation.Denied(e.getKey(), e.getValue(), spent.in(e.getKey()), others.add(mine),
                        e.getKey().end(clock.instant()));
            }
            room = room == null || headroom.compareTo(room) < 0 ? headroom : room;
        }
        if (tightest != null) {
            return new Grant(tightest, mine);
        }
        var wanted = need.add(maxCost.multiply(BigDecimal.valueOf(ROOM_FOR)));
        return new Grant(new Reservation.Held(tenantId, maxCost), wanted.min(room));
    }

    /** Records a {@link #decide decision} whose hold was written. */
    Reservation apply(Account account, BigDecimal maxCost, Grant grant) {
        if (grant.answer() instanceof Reservation.Held) {
            account.granted(grant.hold(), maxCost);
        } else {
            account.holds(grant.hold());
        }
        return grant.answer();
    }

    /** Remembers a denial the database gave at {@code nowMillis}, for {@link #DENIAL_KEPT}. */
    void denied(Account account, Reservation.Denied denial, long nowMillis) {
        account.remember(denial, nowMillis + DENIAL_KEPT.toMillis());
    }
}
