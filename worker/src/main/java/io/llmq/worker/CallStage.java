package io.llmq.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.Settings;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.LiveCatalogue;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.price.PriceTable;
import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.cache.ResponseCache;
import io.llmq.worker.call.BatchOptions;
import io.llmq.worker.call.BatchStates;
import io.llmq.worker.call.CallMeters;
import io.llmq.worker.call.Costs;
import io.llmq.worker.call.JobGuard;
import io.llmq.worker.call.JobRunner;
import io.llmq.worker.check.OutputChecks;
import io.llmq.worker.outcome.AttemptJournal;
import io.llmq.worker.park.Parking;
import io.llmq.worker.provider.PayloadLog;
import io.llmq.worker.provider.Providers;
import io.llmq.worker.ratelimit.DailyQuotas;
import io.llmq.worker.ratelimit.InFlightTargets;
import io.llmq.worker.ratelimit.PriorityGate;
import io.llmq.worker.ratelimit.RateLimitStore;
import io.llmq.worker.ratelimit.TokenEstimate;
import io.llmq.worker.schedule.ClassShares;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The parts that run one job, wired in the order a call meets them: the limiter's gate (priority
 * and the global buckets), the deployments' guards (breaker, bulkhead, calls in flight), the
 * providers, money (prices, budgets, the response cache) and the runner that walks them.
 */
record CallStage(JobRunner runner, PriorityGate gate, DeploymentGuards guards, InFlightTargets targets, BudgetGate budgets,
                 Parking parking, Providers providers, AttemptJournal journal) {

    /** @param quotaClock cuts the daily quotas' days (the reset hour); the worker's clock but in tests that move it */
    static CallStage wire(LiveCatalogue live, Map<String, String> env, Clock clock, Clock quotaClock, HikariDataSource dataSource,
                          MeterRegistry registry, CountDownLatch stopping, WorkerConfig config,
                          ResilienceSettings resilience, String instanceId) {
        var catalogue = live.current();
        var providers = new Providers(live, env);
        var meters = new CallMeters(registry);
        meters.catalogue(catalogue);
        TokenEstimate.warmUp(); // every call counts its prompt's tokens: its row in the journal carries its bound
        var targets = InFlightTargets.fromEnv(catalogue.deployments(), env);
        var guards = new DeploymentGuards(catalogue, targets);
        guards.bindTo(registry);
        var limits = new RateLimitStore(dataSource);
        var gate = new PriorityGate(catalogue.deployments(), limits, ClassShares.fromEnv(env), stopping, guards::hasFreeSlot);
        var quotas = new DailyQuotas(dataSource, quotaClock,
                Duration.ofMillis(Settings.longValue(env, "LLMQ_DAILY_QUOTA_RECHECK_MS", 300_000)));
        quotas.bindTo(registry, catalogue.deployments());
        live.onChange(next -> {
            follow(next, limits, targets, guards, gate);
            quotas.bindTo(registry, next.deployments());
            meters.catalogue(next);
        });
        var parking = new Parking(dataSource, config.name());
        var options = new BatchOptions(dataSource);
        // the hold is named by the instance: two stacks' workers named alike must not share one budget hold
        var budgets = new BudgetGate(dataSource, instanceId, config.topics().resultsTopic(), clock, registry);
        var costs = new Costs(new PriceBook(() -> PriceTable.all(dataSource), clock, PriceBook.DEFAULT_TTL), budgets,
                new ResponseCache(dataSource, options::cacheRequested, clock, registry),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_BUDGET_RECHECK_MS", 300_000)),
                new AttemptJournal(dataSource, "llmq-journal-" + config.name(), registry));
        var runner = new JobRunner(providers, config.retry(), new JobGuard(clock, BatchStates.fromDatabase(dataSource, clock)), gate,
                quotas, guards, parking, options, resilience.parkAfter(), clock, stopping, meters, PayloadLog.fromEnv(env), costs, instanceId,
                new OutputChecks(Settings.intValue(env, "LLMQ_OUTPUT_CHECK_RETRIES", OutputChecks.DEFAULT_MAX_RETRIES)));
        return new CallStage(runner, gate, guards, targets, budgets, parking, providers, costs.journal());
    }

    /**
     * A new catalogue version, before jobs see it: the global buckets take its limits (every
     * worker writes the same, idempotently), then the sizing, the guards and the lanes take its
     * deployments; the providers' clients follow at their next call ({@link Providers#client}).
     */
    private static void follow(Catalogue next, RateLimitStore limits, InFlightTargets targets, DeploymentGuards guards,
                               PriorityGate gate) {
        try {
            limits.sync(next.deployments());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot write the catalogue's new rate limits to PostgreSQL", e);
        }
        targets.track(next.deployments());
        guards.track(next);
        gate.track(next.deployments());
    }
}
