package io.llmq.worker.ops;

import io.llmq.schema.Settings;
import io.llmq.worker.outcome.UnansweredCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Every {@code LLMQ_CALL_SWEEP_EVERY_MS}, moves the calls of worker processes gone for
 * {@code LLMQ_CALL_GONE_AFTER_SECONDS} to the ledger as {@code estimated} ({@link UnansweredCalls}).
 * Runs in every worker; two at once share the rows (each skips what the other holds).
 */
public final class UnansweredCallSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UnansweredCallSweeper.class);
    private static final int PER_TRANSACTION = 5_000;

    private final DataSource dataSource;
    private final Duration every;
    private final int goneAfterSeconds;
    private final Counter estimated;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    public UnansweredCallSweeper(DataSource dataSource, Map<String, String> env, MeterRegistry registry, String name) {
        this.dataSource = dataSource;
        this.every = Duration.ofMillis(Settings.longValue(env, "LLMQ_CALL_SWEEP_EVERY_MS", 15_000));
        // a live worker beats every second: a minute of silence is a process that is gone, not a slow one
        this.goneAfterSeconds = (int) Settings.longValue(env, "LLMQ_CALL_GONE_AFTER_SECONDS", 60);
        this.estimated = Counter.builder("llmq.ledger.estimated.calls").baseUnit("calls")
                .description("Calls of gone worker processes entered on the ledger as estimated").register(registry);
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                sweep();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Estimates every unanswered call of gone processes, a group per transaction. */
    void sweep() {
        try {
            UnansweredCalls.Estimated group;
            do {
                group = UnansweredCalls.estimate(dataSource, goneAfterSeconds, PER_TRANSACTION);
                if (group.calls() > 0) {
                    estimated.increment(group.calls());
                    log.warn("ledger: {} calls of worker processes silent for {} s entered as estimated (cost at most {} in {} "
                            + "batches); reconcile them against the provider's bill by attempt id", group.calls(),
                            goneAfterSeconds, group.cost().toPlainString(), group.batches());
                }
            } while (group.calls() == PER_TRANSACTION && stop.getCount() > 0);
        } catch (SQLException | RuntimeException e) {
            log.warn("ledger: cannot estimate the calls of gone worker processes now ({}); trying again in {} s", e.toString(),
                    every.toSeconds());
        }
    }

    @Override
    public void close() {
        stop.countDown();
    }
}
