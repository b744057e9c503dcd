package io.llmq.worker.outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes one group of outcomes in one transaction, retrying while PostgreSQL cannot be reached.
 *
 * <p>A row PostgreSQL refuses (a data or constraint error, see {@link RowErrors}) would fail its
 * group on every retry and stall every outcome behind it. So a refused group is halved, and each
 * half written on its own, until the refused outcomes stand alone and the rest has committed
 * (about 2·log₂ n extra transactions per refused row). A refused outcome is replaced by a failed one
 * ({@link Unstorable}), which keeps the job's ledger rows and counts in its batch. Should that be
 * refused as well (its ledger rows: a model whose prices were deleted by hand), the job is set
 * aside: tried again alone, its own outcome first, every while, and nothing else waits for it.
 * Owned by the writer's thread.
 */
final class GroupWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupWriter.class);
    private static final Duration FIRST_RETRY_WAIT = Duration.ofMillis(200);
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);
    private static final Duration FIRST_SET_ASIDE_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_SET_ASIDE_WAIT = Duration.ofMinutes(5);

    /** One transaction's worth of work. */
    @FunctionalInterface
    private interface StoreCall {
        OutcomeStore.Written write() throws SQLException;
    }

    private record SetAside(Pending pending, Duration delay, long dueNanos) {
    }

    private final OutcomeStore store;
    private final Consumer<OutcomeStore.Written> onWritten;
    private final Runnable onUnstorable;
    private final CountDownLatch halt;
    private final List<SetAside> setAside = new ArrayList<>();
    private volatile int setAsideCount;

    GroupWriter(OutcomeStore store, Consumer<OutcomeStore.Written> onWritten, Runnable onUnstorable, CountDownLatch halt) {
        this.store = store;
        this.onWritten = onWritten;
        this.onUnstorable = onUnstorable;
        this.halt = halt;
    }

    /** Returns once every outcome of the group is durable or set aside, or the writer halted. */
    void write(List<Pending> group) throws InterruptedException {
        var refused = attempt(group, () -> store.write(group.stream().map(Pending::outcome).toList()));
        if (refused.isEmpty()) {
            return;
        }
        if (group.size() > 1) {
            write(group.subList(0, group.size() / 2));
            write(group.subList(group.size() / 2, group.size()));
            return;
        }
        var pending = group.getFirst();
        log.error("job {} of batch {}: PostgreSQL refused its outcome (SQLSTATE {}); ending it failed with {} instead: {}",
                pending.outcome().job().jobId(), pending.outcome().job().batchId(), state(refused.get()), Unstorable.CODE,
                refused.get().toString());
        onUnstorable.run();
        endFailed(pending, refused.get(), FIRST_SET_ASIDE_WAIT);
    }

    /** Tries the set-aside outcomes that are due again, each alone. */
    void retryDue() throws InterruptedException {
        if (setAside.isEmpty()) {
            return;
        }
        var now = System.nanoTime();
        var due = setAside.stream().filter(s -> now - s.dueNanos() >= 0).toList();
        setAside.removeAll(due);
        setAsideCount = setAside.size();
        for (var s : due) {
            // its own outcome first: what refused it may have been mended meanwhile (a price restored)
            var refused = attempt(List.of(s.pending()), () -> store.write(List.of(s.pending().outcome())));
            if (refused.isPresent()) {
                var longer = s.delay().multipliedBy(2);
                endFailed(s.pending(), refused.get(), longer.compareTo(MAX_SET_ASIDE_WAIT) > 0 ? MAX_SET_ASIDE_WAIT : longer);
            }
        }
    }

    int setAside() {
        return setAsideCount;
    }

    private void endFailed(Pending pending, Exception refusal, Duration wait) throws InterruptedException {
        var job = pending.outcome().job();
        var refused = attempt(List.of(pending), () -> store.writeUnstorable(pending.outcome(), state(refusal)));
        if (refused.isPresent()) {
            log.error("job {} of batch {}: its {} outcome was refused as well (SQLSTATE {}); it is set aside and tried again"
                            + " alone in {} s: {}", job.jobId(), job.batchId(), Unstorable.CODE, state(refused.get()),
                    wait.toSeconds(), refused.get().toString());
            setAside.add(new SetAside(pending, wait, System.nanoTime() + wait.toNanos()));
            setAsideCount = setAside.size();
        }
    }

    /**
     * Runs one transaction until it commits, waiting longer after each failure that may pass.
     *
     * @return the row error that refused it; empty once it committed (or the writer halted)
     */
    private Optional<Exception> attempt(List<Pending> items, StoreCall call) throws InterruptedException {
        var wait = FIRST_RETRY_WAIT;
        while (halt.getCount() > 0) {
            OutcomeStore.Written written;
            try {
                written = call.write();
            } catch (SQLException | RuntimeException e) {
                if (RowErrors.isRowError(e)) {
                    return Optional.of(e);
                }
                log.warn("could not write {} outcomes (jobs {}..), retrying in {} ms: {}", items.size(),
                        items.getFirst().outcome().job().jobId(), wait.toMillis(), e.toString());
                if (halt.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return Optional.empty();
                }
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait.multipliedBy(2);
                continue;
            }
            items.forEach(item -> item.onDurable().run());
            onWritten.accept(written);
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String state(Exception e) {
        var state = RowErrors.sqlState(e);
        return state.isEmpty() ? "none" : state;
    }
}
