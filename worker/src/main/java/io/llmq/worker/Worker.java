package io.llmq.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.Ids;
import io.llmq.schema.boot.ServiceBoot;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.LiveCatalogue;
import io.llmq.schema.ops.StandardMeters;
import io.llmq.schema.price.PriceTable;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.consume.ConsumeMeters;
import io.llmq.worker.consume.JobConsumer;
import io.llmq.worker.dispatch.DispatchSettings;
import io.llmq.worker.dispatch.Dispatcher;
import io.llmq.worker.ops.AdminServer;
import io.llmq.worker.ops.AdminSettings;
import io.llmq.worker.outcome.OutcomeMeters;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.ratelimit.InFlightTargets;
import io.llmq.worker.ratelimit.RateLimitStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One worker replica, wired by hand in the order of the flow: dispatch (release staged jobs into
 * Kafka, when this worker leads) → consume → run (limit, call, retry) → write the outcome (result,
 * ledger, counters, outbox) → commit the offset; and, beside it, relay the outbox and deliver webhooks.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerConfig config;
    private final String instanceId;
    private final HikariDataSource dataSource;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ConsumeMeters consumeMeters;
    private final StandardMeters standardMeters;
    private final ResilienceSettings resilience;
    private final CallStage calls;
    private final ExecutorService jobs;
    private final OutcomeWriter writer;
    private final Dispatcher dispatcher;
    private final SideLoops sideLoops;
    private final JobConsumer consumer;
    private final Thread consumerThread;
    private final AdminServer admin;
    private final LiveCatalogue catalogue;
    private final ProviderBatchStage providerBatches;

    /** Wires the parts on a migrated database; starts nothing but the catalogue's poller. */
    private Worker(WorkerConfig config, LiveCatalogue live, Map<String, String> env, Clock clock, Clock quotaClock,
                   HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.catalogue = live;
        var catalogue = live.current();
        // one per process start: a killed worker's unfinished calls are told apart from its successor's
        this.instanceId = env.getOrDefault("LLMQ_WORKER_INSTANCE_ID", config.name() + "-" + Ids.random(8));
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.standardMeters = StandardMeters.bind(registry, dataSource, "worker-" + config.name());
        var outcomeMeters = new OutcomeMeters(registry);
        outcomeMeters.catalogue(catalogue);
        this.consumeMeters = new ConsumeMeters(registry);
        var store = new OutcomeStore(dataSource, config.topics().resultsTopic(), clock);
        this.writer = new OutcomeWriter(store, "llmq-writer-" + config.name(), written -> {
            outcomeMeters.recorded(written);
            if (!written.completedBatches().isEmpty()) {
                log.info("batches completed: {}", written.completedBatches());
            }
        }, outcomeMeters::unstorable);
        outcomeMeters.pending(writer::backlog);
        this.jobs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llmq-job-" + config.name() + "-", 0).factory());
        this.resilience = ResilienceSettings.fromEnv(env);
        this.calls = CallStage.wire(live, env, clock, quotaClock, dataSource, registry, stopping, config, resilience, instanceId);
        this.sideLoops = SideLoops.wire(config, env, clock, dataSource, standardMeters, registry, calls, resilience, store);
        this.consumer = new JobConsumer(standardMeters.kafka(WorkerKafka.jobConsumer(config)), config.topics(), store, writer, calls.runner(),
                jobs, this::jobBudget, config.maxInFlightBytes(), consumeMeters, stopping);
        this.dispatcher = new Dispatcher(dataSource, standardMeters.kafka(WorkerKafka.dispatchProducer(config)), config.topics(), store,
                DispatchSettings.fromEnv(env), instanceId, new Dispatcher.Load(this::jobBudget, this::inFlight), clock, registry);
        this.providerBatches = new ProviderBatchStage(config, live::current, env, clock, dataSource, writer, calls.budgets(), instanceId,
                registry);
        this.consumerThread = Thread.ofPlatform().name("llmq-consumer-" + config.name())
                .unstarted(() -> consumer.run(config.drainTimeout()));
        this.admin = config.httpPort() >= 0 ? new AdminServer(config.httpPort(), AdminSettings.fromEnv(env), registry, consumerThread::isAlive) : null;
    }

    /**
     * Jobs this worker holds in flight now: its share of the calls that fill every deployment's
     * binding limit at the latency seen now (Little's law, {@link InFlightTargets}), never more
     * than {@code LLMQ_WORKER_MAX_IN_FLIGHT}.
     */
    private int jobBudget() {
        return Math.min(config.maxInFlight(), calls.targets().workerBudget(dispatcher.liveWorkers()));
    }

    public static Worker start(WorkerConfig config, Catalogue catalogue, Map<String, String> env) {
        return start(config, catalogue, env, Clock.systemUTC());
    }

    public static Worker start(WorkerConfig config, Catalogue catalogue, Map<String, String> env, Clock clock) {
        return start(config, catalogue, env, clock, clock);
    }

    /**
     * Boots (schema, topics, the catalogue's limits and prices), wires, and starts every part.
     * {@code quotaClock} cuts the days of the daily quotas: tests move it to a reset instead of waiting for one.
     */
    public static Worker start(WorkerConfig config, Catalogue catalogue, Map<String, String> env, Clock clock, Clock quotaClock) {
        var dataSource = ServiceBoot.database("worker-" + config.name(), config.jdbcUrl(), config.dbUser(), config.dbPassword(), 16);
        Worker worker;
        LiveCatalogue live = null;
        try {
            ServiceBoot.topics(config.kafkaBootstrap(), config.topics());
            PriceTable.sync(dataSource, catalogue);
            live = LiveCatalogue.start(dataSource, catalogue, "worker-" + config.name());
            new RateLimitStore(dataSource).sync(live.current().deployments());
            worker = new Worker(config, live, env, clock, quotaClock, dataSource);
        } catch (SQLException e) {
            java.util.Optional.ofNullable(live).ifPresent(LiveCatalogue::close);
            dataSource.close();
            throw new IllegalStateException("cannot write the catalogue's rate limits and prices to PostgreSQL", e);
        } catch (RuntimeException e) {
            java.util.Optional.ofNullable(live).ifPresent(LiveCatalogue::close);
            dataSource.close();
            throw e;
        }
        worker.writer.start();
        worker.calls.journal().start();
        worker.calls.budgets().start();
        worker.consumerThread.start();
        worker.dispatcher.start();
        worker.providerBatches.start();
        worker.sideLoops.start();
        log.info("worker {} (instance {}) started (max {} jobs in flight{})", config.name(), worker.instanceId, config.maxInFlight(),
                worker.admin == null ? "" : ", admin port " + worker.admin.port());
        return worker;
    }

    /** This worker's circuit-breaker state for a deployment: closed, open, half_open, ... */
    public String breakerState(String deployment) {
        return calls.guards().of(deployment).state();
    }

    public String name() {
        return config.name();
    }

    /** The catalogue version this worker runs jobs by (it follows {@code catalogue_versions} within a poll). */
    public long catalogueVersion() {
        return catalogue.version();
    }

    /** This process start's id, the last part of every provider call's attempt id. */
    public String instanceId() {
        return instanceId;
    }

    public int inFlight() {
        return consumer.inFlight();
    }

    /** The partitions of {@code llmq.jobs} this worker holds now. */
    public Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    /** This worker's budget gate: what it knows of tenants' budgets. */
    public BudgetGate budgets() {
        return calls.budgets();
    }

    /** Whether this worker is the active dispatcher now. */
    public boolean dispatching() {
        return dispatcher.leading();
    }

    /** The port of {@code /health} and {@code /metrics}, or -1 when this worker serves none. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public ConsumeMeters consumeMeters() {
        return consumeMeters;
    }

    /** Graceful stop: no new jobs, in-flight ones finish (within the drain timeout), offsets committed. */
    @Override
    public void close() {
        stopping.countDown();
        dispatcher.close();
        providerBatches.close();
        Stopping.join(consumerThread, config.drainTimeout().plusSeconds(15));
        writer.close();
        Stopping.shutdown(jobs, Duration.ofSeconds(5));
        calls.journal().close();
        calls.gate().close();
        calls.budgets().close();
        closeRest();
        log.info("worker {} stopped", config.name());
    }

    /**
     * Stops as abruptly as a killed process can be imitated in one JVM: the consumer leaves without
     * committing, queued outcomes are dropped, in-flight calls are abandoned. For crash tests.
     */
    public void halt() {
        consumer.halt();
        writer.halt();
        stopping.countDown();
        dispatcher.close();
        providerBatches.close();
        Stopping.join(consumerThread, Duration.ofSeconds(15));
        jobs.shutdownNow();
        calls.journal().halt();
        calls.gate().close();
        calls.budgets().halt();
        closeRest();
        log.warn("worker {} halted", config.name());
    }

    /** What close and halt both end with: the side loops, the admin port, the clients, the pool. */
    private void closeRest() {
        sideLoops.close();
        if (admin != null) {
            admin.close();
        }
        calls.providers().close();
        catalogue.close();
        standardMeters.close();
        dataSource.close();
    }
}
