package io.llmq.worker.outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * consumer commit past the job's offset. If Postgres is down, the group is retried, never dropped;
 * if Postgres refuses one of its rows, the rest is written without it ({@link GroupWriter}).
 */
public final class OutcomeWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    static final int MAX_GROUP = 500;

    private final GroupWriter groups;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch haltSignal = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean halted;

    /**
     * @param onWritten    after each commit, with what it wrote
     * @param onUnstorable once per job whose outcome PostgreSQL refused (it ends failed instead)
     */
    public OutcomeWriter(OutcomeStore store, String name, Consumer<OutcomeStore.Written> onWritten, Runnable onUnstorable) {
        this.groups = new GroupWriter(store, onWritten, onUnstorable, haltSignal);
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public void submit(Outcome outcome, Runnable onDurable) {
        queue.add(new Pending(outcome, onDurable));
    }

    /** Outcomes not yet durable: queued, and set aside after PostgreSQL refused them twice. */
    public int backlog() {
        return queue.size() + groups.setAside();
    }

    private void run() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        try {
            while (!halted) {
                groups.retryDue();
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        if (groups.setAside() > 0) {
                            log.warn("stopping with {} outcomes set aside unwritten: their jobs run again after a restart",
                                    groups.setAside());
                        }
                        return;
                    }
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                groups.write(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
