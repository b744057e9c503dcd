package io.llmq.worker.outcome;

import io.llmq.schema.db.Transaction;
import io.llmq.worker.meter.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * The calls this worker has in flight, on disk before they are sent, so that a call billed by
 * the provider is on the ledger even when its worker dies before the answer arrives.
 *
 * <p>{@link #opened} returns once the call's row is committed; the rows of calls opened at the same
 * time share one statement and one commit (group commit), so the cost per call is a share of
 * one round trip. {@link #answeredUnbilled} deletes the row of a call the provider does not bill
 * (429, 5xx, 4xx) a little later, without making the job wait; a billed answer's row goes in the
 * outcome's own transaction ({@link OutcomeStore}). Owned by one platform thread.
 */
public final class AttemptJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AttemptJournal.class);
    /** Rows per statement, at most. */
    private static final int GROUP = 500;
    /** A call whose row cannot be written within this long is not sent. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration AFTER_FAILURE = Duration.ofMillis(500);

    /** The row of a call cannot be written (PostgreSQL unreachable): the call must not be sent. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Open(CallAttempt attempt, CompletableFuture<Void> committed) {
    }

    /** Journal waits are short: a share of one commit; the buckets resolve milliseconds. */
    private static final Duration[] WAIT_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofSeconds(1), Duration.ofSeconds(10)};

    private final DataSource dataSource;
    private final Timer waits;
    private final LinkedBlockingQueue<Open> opens = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean halted;
    /** Counted down by {@link #halt}: a wait after a failed write ends at once. */
    private final CountDownLatch haltSignal = new CountDownLatch(1);

    public AttemptJournal(DataSource dataSource, String name) {
        this(dataSource, name, new SimpleMeterRegistry());
    }

    /** @param registry gets {@code llmq_call_journal_wait_seconds}: how long each call waited for its row's commit */
    public AttemptJournal(DataSource dataSource, String name, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.waits = Meters.timer(registry, "llmq.call.journal.wait",
                "From a call's row queued in the journal to its commit; the call is sent after it", WAIT_BUCKETS, Tags.empty());
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Writes the call's row and returns once it is committed. */
    public void opened(CallAttempt attempt) throws InterruptedException, Unavailable {
        var open = new Open(attempt, new CompletableFuture<>());
        var queued = System.nanoTime();
        opens.add(open);
        try {
            open.committed().get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            waits.record(System.nanoTime() - queued, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new Unavailable("call " + attempt.attemptId() + " not recorded: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new Unavailable("call " + attempt.attemptId() + " not recorded within " + OPEN_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** The provider answered and does not bill the answer: the call's row goes. */
    public void answeredUnbilled(String attemptId) {
        answered.add(attemptId);
    }

    private void run() {
        Set<String> toDelete = new LinkedHashSet<>();
        try {
            while (!halted && !(stopping && opens.isEmpty() && answered.isEmpty() && toDelete.isEmpty())) {
                var first = opens.poll(50, TimeUnit.MILLISECONDS);
                List<Open> group = new ArrayList<>();
                if (first != null) {
                    group.add(first);
                    opens.drainTo(group, GROUP - 1);
                }
                for (String id; toDelete.size() < 10 * GROUP && (id = answered.poll()) != null; ) {
                    toDelete.add(id);
                }
                if (!write(group, toDelete)) {
                    haltSignal.await(AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        opens.forEach(o -> o.committed().completeExceptionally(new SQLException("the journal stopped")));
    }

    /** One transaction: the opened calls' rows in, the answered ones' out. False if it failed. */
    private boolean write(List<Open> group, Set<String> toDelete) {
        if (group.isEmpty() && toDelete.isEmpty()) {
            return true;
        }
        try {
            Transaction.run(dataSource, c -> {
                if (!group.isEmpty()) {
                    CallAttemptsTable.insert(c, group.stream().map(Open::attempt).toList());
                }
                CallAttemptsTable.delete(c, toDelete);
                return null;
            });
            group.forEach(o -> o.committed().complete(null));
            toDelete.clear();
            return true;
        } catch (SQLException | RuntimeException e) {
            log.warn("calls in flight: cannot write {} opened and {} answered calls ({}); their calls wait", group.size(),
                    toDelete.size(), e.toString());
            group.forEach(o -> o.committed().completeExceptionally(e));
            return false;
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once, writing nothing more: a killed process, imitated. */
    public void halt() {
        halted = true;
        haltSignal.countDown();
        thread.interrupt();
    }
}
