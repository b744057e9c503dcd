package io.llmq.worker.providerbatch;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.check.OutputChecks;
import io.llmq.worker.dispatch.Leadership;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.provider.batch.ProviderBatchException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs the batches of the {@code provider_batch} route through the providers' own batch APIs. Every
 * worker has one; the one holding its advisory lock ({@link Leadership}, a key of its own per jobs
 * topic) is active. Each look: plan the waiting batches into provider batch rows ({@link Planner}),
 * then for every open row create it once ({@link Creation}), ask the provider to cancel it when its
 * llmq batch is cancelled or its window ends, poll it, and bring its results home when it ended
 * ({@link Collector}); a chunk's maximum cost is reserved from its tenant's hard budget before it is
 * created and held while it is open ({@link ChunkBudget}). Everything it knows is in PostgreSQL, so the next leader carries on where a
 * dead one stopped.
 */
public final class ProviderBatchRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderBatchRunner.class);
    /** "llmqpbat" as a number: the runner's lock, apart from the dispatcher's. */
    static final long LOCK_BASE = 0x6c6c6d7170626174L;
    private static final Duration FOLLOWER_WAIT = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final BatchApis apis;
    private final RunnerSettings settings;
    private final Clock clock;
    private final String jobsTopic;
    private final String instanceId;
    private final Leadership leadership;
    private final Planner planner;
    private final Collector collector;
    private final Creation creation;
    private final ChunkBudget budget;
    private final ProviderBatchMeters meters;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;

    public ProviderBatchRunner(DataSource dataSource, Supplier<Catalogue> catalogue, BatchApis apis, OutcomeWriter writer,
                               OutputChecks checks, TopicLayout layout, RunnerSettings settings, String instanceId,
                               Money money, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.apis = apis;
        this.settings = settings;
        this.clock = clock;
        this.jobsTopic = layout.jobsTopic();
        this.instanceId = instanceId;
        this.meters = new ProviderBatchMeters(registry);
        this.leadership = new Leadership(dataSource, instanceId, LOCK_BASE, jobsTopic, "provider batch runner");
        this.planner = new Planner(dataSource, catalogue, apis, jobsTopic, instanceId);
        this.collector = new Collector(dataSource, writer, new AnswerChecks(checks, catalogue), settings.durableWithin(),
                jobsTopic, instanceId);
        this.budget = new ChunkBudget(money.budgets(), money.prices(), catalogue);
        this.creation = new Creation(dataSource, catalogue, collector, budget, instanceId);
        this.thread = Thread.ofPlatform().name("llmq-provider-batches-" + instanceId).daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (stopping.getCount() > 0) {
                var lead = leadership.lead();
                if (lead) {
                    try {
                        tick();
                    } catch (SQLException e) {
                        log.warn("provider batch runner {}: database unavailable ({}); trying again", instanceId, e.toString());
                    } catch (RuntimeException e) {
                        log.error("provider batch runner {}: a look failed; trying again", instanceId, e);
                    }
                } else {
                    meters.saw(List.of(), clock.millis());
                    budget.releaseAll();
                }
                if (stopping.await((lead ? settings.pollEvery() : FOLLOWER_WAIT).toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leadership.close();
        }
    }

    /** One look: plan what waits, then move every open provider batch one step. */
    void tick() throws SQLException, InterruptedException {
        planner.planWaiting();
        try (var c = dataSource.getConnection()) {
            var open = ProviderBatchesTable.open(c, jobsTopic, settings.spillBefore());
            meters.saw(open, clock.millis());
            budget.releaseEnded(open);
            for (var row : open) {
                if (stopping.getCount() == 0) {
                    return;
                }
                try {
                    step(row);
                } catch (ProviderBatchException e) {
                    if (!e.retryable() && row.providerId() != null && clock.millis() > row.expiresAt()) {
                        // the provider will not say more of it (a 404: gone), and the window is over: the guard expires its jobs
                        collector.handBackAll(row, ProviderBatchRow.FAILED, "the provider no longer answers for it: " + e.getMessage());
                    } else if (e.retryable() || row.providerId() != null) {
                        log.warn("provider batch runner {}: {} ({} of batch {}): {}; trying again at the next look", instanceId,
                                row.key(), row.deployment(), row.batchId(), e.getMessage());
                    } else {
                        // the provider will refuse this create every time (a 400, a 401): its jobs run synchronously instead
                        collector.handBackAll(row, ProviderBatchRow.FAILED, "the provider refused to create it: " + e.getMessage());
                    }
                } catch (IllegalArgumentException e) {
                    if (row.providerId() != null) {
                        throw e;
                    }
                    // the adapter will not send this chunk as it is (over its limits, mixed endpoints): synchronous calls instead
                    collector.handBackAll(row, ProviderBatchRow.FAILED, "the adapter cannot send it: " + e.getMessage());
                } catch (IOException e) {
                    // the provider's API failed (5xx, reset): the row's state is durable, the next look asks again
                    log.warn("provider batch runner {}: {} ({} of batch {}): {}; trying again at the next look", instanceId,
                            row.key(), row.deployment(), row.batchId(), e.toString());
                }
            }
        }
    }

    private void step(ProviderBatchRow row) throws IOException, InterruptedException, SQLException {
        var api = apis.of(row.deployment());
        if (api.isEmpty()) {
            collector.handBackAll(row, ProviderBatchRow.ENDED, "deployment " + row.deployment() + " has no provider batch API");
            return;
        }
        if (row.providerId() == null) {
            creation.create(row, api.get(), clock.millis());
            return;
        }
        budget.carry(row, collector);
        if (row.stopping(clock.millis()) && !row.cancelRequested()) {
            api.get().cancel(row.providerId());
            Transaction.run(dataSource, c -> {
                ProviderBatchesTable.cancelRequested(c, row.key());
                return null;
            });
            log.info("provider batch runner {}: asked {} to cancel {} (batch {} is {})", instanceId, row.deployment(),
                    row.providerId(), row.batchId(), clock.millis() >= row.spillAt() ? "near the end of its window" : "cancelled");
        }
        var status = api.get().poll(row.providerId());
        Transaction.run(dataSource, c -> {
            ProviderBatchesTable.polled(c, row.key(), status.providerStatus(), status.succeeded(), status.failed());
            return null;
        });
        switch (status.state()) {
            case RUNNING -> { }
            case ENDED -> collector.collect(row, api.get(), status);
            case FAILED -> collector.handBackAll(row, ProviderBatchRow.FAILED, "the provider refused the batch ("
                    + status.providerStatus() + ")");
        }
    }

    /** What the runner needs of money: the hard budgets single calls answer to, and the prices a chunk's maximum cost is counted at. */
    public record Money(BudgetGate budgets, PriceBook prices) {
    }

    /** Stops looking, hands the lock back; joined with a deadline. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(Duration.ofSeconds(10));
            if (thread.isAlive()) {
                // waiting on the provider or on outcomes that will not come (a halted writer): the rows stay as they are
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
