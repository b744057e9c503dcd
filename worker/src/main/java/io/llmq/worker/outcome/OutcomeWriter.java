package io.llmq.worker.outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Groups outcomes into one transaction each (up to {@link #MAX_GROUP} jobs), on one named thread.
 * Grouping is what turns ~10k single-row commits per second into ~100k rows per second. A job's
 * {@code onDurable} runs only after its group committed, and that is the only signal that lets the
 * consumer commit past the job's offset. If Postgres is down, the group is retried, never dropped.
 */
public final class OutcomeWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    static final int MAX_GROUP = 500;
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);

    private record Item(Outcome outcome, Runnable onDurable) {
    }

    private final OutcomeStore store;
    private final Consumer<OutcomeStore.Written> onWritten;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch haltSignal = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean halted;

    public OutcomeWriter(OutcomeStore store, String name, Consumer<OutcomeStore.Written> onWritten) {
        this.store = store;
        this.onWritten = onWritten;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public void submit(Outcome outcome, Runnable onDurable) {
        queue.add(new Item(outcome, onDurable));
    }

    public int backlog() {
        return queue.size();
    }

    private void run() {
        List<Item> group = new ArrayList<>(MAX_GROUP);
        try {
            while (!halted) {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                writeWithRetry(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeWithRetry(List<Item> group) throws InterruptedException {
        var wait = Duration.ofMillis(200);
        while (!halted) {
            try {
                var written = store.write(group.stream().map(Item::outcome).toList());
                group.forEach(item -> item.onDurable().run());
                onWritten.accept(written);
                return;
            } catch (SQLException | RuntimeException e) {
                log.warn("could not write {} outcomes (jobs {}..), retrying in {} ms: {}", group.size(),
                        group.get(0).outcome().job().jobId(), wait.toMillis(), e.toString());
                if (haltSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait.multipliedBy(2);
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once and drops what is queued, as a crashed process would. For crash tests. */
    public void halt() {
        halted = true;
        haltSignal.countDown();
        queue.clear();
    }
}
