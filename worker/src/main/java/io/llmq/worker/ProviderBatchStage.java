package io.llmq.worker;

import io.llmq.schema.Settings;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.price.PriceTable;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.check.OutputChecks;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.provider.ProviderBatchApis;
import io.llmq.worker.providerbatch.ProviderBatchRunner;
import io.llmq.worker.providerbatch.RunnerSettings;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Wires the provider batch route: the batch adapter of every deployment with {@code batch_api: true} (in the live catalogue), and the runner. */
final class ProviderBatchStage implements AutoCloseable {
    private final ProviderBatchApis apis;
    private final ProviderBatchRunner runner;

    ProviderBatchStage(WorkerConfig config, Supplier<Catalogue> catalogue, Map<String, String> env, Clock clock, DataSource dataSource,
                       OutcomeWriter writer, BudgetGate budgets, String instanceId, MeterRegistry registry) {
        this.apis = new ProviderBatchApis(catalogue, env, clock);
        this.runner = new ProviderBatchRunner(dataSource, catalogue, apis::forDeployment, writer,
                new OutputChecks(Settings.intValue(env, "LLMQ_OUTPUT_CHECK_RETRIES", OutputChecks.DEFAULT_MAX_RETRIES)), config.topics(),
                RunnerSettings.fromEnv(env), instanceId,
                new ProviderBatchRunner.Money(budgets, new PriceBook(() -> PriceTable.all(dataSource), clock, PriceBook.DEFAULT_TTL)),
                clock, registry);
    }

    void start() {
        runner.start();
    }

    @Override
    public void close() {
        runner.close();
        apis.close();
    }
}
