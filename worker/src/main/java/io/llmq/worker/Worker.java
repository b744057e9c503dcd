package io.llmq.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.Ids;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.Settings;
import io.llmq.schema.db.Database;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.price.PriceTable;
import io.llmq.schema.topic.Topics;
import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.breaker.HealthPublisher;
import io.llmq.worker.call.BatchOptions;
import io.llmq.worker.call.BatchStates;
import io.llmq.worker.call.Costs;
import io.llmq.worker.budget.BudgetGate;
import io.llmq.worker.cache.ResponseCache;
import io.llmq.worker.call.JobGuard;
import io.llmq.worker.call.JobRunner;
import io.llmq.worker.call.PayloadLog;
import io.llmq.worker.call.TokenEstimate;
import io.llmq.worker.consume.ClassAwareAssignor;
import io.llmq.worker.park.Parking;
import io.llmq.worker.park.ReEnqueuer;
import io.llmq.worker.consume.JobConsumer;
import io.llmq.worker.ops.AdminServer;
import io.llmq.worker.ops.WorkerMetrics;
import io.llmq.worker.outbox.OutboxRelay;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.provider.Providers;
import io.llmq.worker.ratelimit.ClassShares;
import io.llmq.worker.ratelimit.PriorityGate;
import io.llmq.worker.ratelimit.RateLimitStore;
import io.llmq.schema.ops.StandardMeters;
import io.llmq.worker.ops.BacklogMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One worker replica, wired by hand: consume → run (call the provider, retry) → write the outcome
 * (result, ledger, counters, outbox) → commit the offset; and, beside it, relay the outbox.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);

    private final WorkerConfig config;
    private final HikariDataSource dataSource;
    private final Providers providers;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ExecutorService jobs;
    private final OutcomeWriter writer;
    private final OutboxRelay relay;
    private final JobConsumer consumer;
    private final Thread consumerThread;
    private final WorkerMetrics metrics;
    private final AdminServer admin;
    private final ReEnqueuer reEnqueuer;
    private final HealthPublisher health;
    private final ResilienceSettings resilience;
    private final DeploymentGuards guards;
    private final BudgetGate budgets;
    private final BacklogMonitor backlog;
    private final StandardMeters standardMeters;
    private final String instanceId;

    private Worker(WorkerConfig config, Catalogue catalogue, Map<String, String> env) {
        this.config = config;
        // one per process start: a killed worker's unfinished calls are told apart from its successor's
        this.instanceId = env.getOrDefault("LLMQ_WORKER_INSTANCE_ID", config.name() + "-" + Ids.random(8));
        var clock = Clock.systemUTC();
        // the lane dispatchers, settlements, writer, relay, re-enqueuer and health all share this pool
        this.dataSource = Database.pool("worker-" + config.name(), config.jdbcUrl(), config.dbUser(), config.dbPassword(), 16);
        Database.migrate(dataSource);
        try (var kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()))) {
            Topics.ensure(kafkaAdmin, config.topics(), Duration.ofSeconds(60));
        }
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.standardMeters = StandardMeters.bind(registry, dataSource, "worker-" + config.name());
        this.metrics = new WorkerMetrics(registry);
        metrics.catalogue(catalogue);
        this.providers = new Providers(catalogue, env);
        if (catalogue.deployments().stream().anyMatch(d -> d.limits().limited())) {
            TokenEstimate.warmUp(); // only calls to limited deployments count their prompts' tokens
        }
        var store = new OutcomeStore(dataSource, config.topics().resultsTopic(), clock);
        this.relay = new OutboxRelay(dataSource, standardMeters.kafka(eventProducer(config)), "llmq-outbox-" + config.name());
        this.writer = new OutcomeWriter(store, "llmq-writer-" + config.name(), written -> {
            metrics.recorded(written.freshOutcomes(), written.costByTenantModel());
            if (!written.completedBatches().isEmpty()) {
                log.info("batches completed: {}", written.completedBatches());
            }
        });
        metrics.outcomesPending(writer::backlog);
        this.jobs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llmq-job-" + config.name() + "-", 0).factory());
        var limits = new RateLimitStore(dataSource);
        try {
            limits.sync(catalogue.deployments());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot write the catalogue's rate limits to PostgreSQL", e);
        }
        var gate = new PriorityGate(catalogue.deployments(), limits, ClassShares.fromEnv(env), stopping);
        this.resilience = ResilienceSettings.fromEnv(env);
        this.guards = new DeploymentGuards(catalogue);
        guards.bindTo(registry);
        var parking = new Parking(dataSource, config.name());
        this.reEnqueuer = new ReEnqueuer(dataSource, standardMeters.kafka(jobProducer(config)), config.topics(), parking,
                resilience.reEnqueueEvery(), "llmq-reenqueue-" + config.name());
        this.health = new HealthPublisher(dataSource, guards, config.name());
        try {
            PriceTable.sync(dataSource, catalogue);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot write the catalogue's prices to PostgreSQL", e);
        }
        var options = new BatchOptions(dataSource);
        // the hold is named by the instance: two stacks' workers named alike must not share one budget hold
        this.budgets = new BudgetGate(dataSource, instanceId, config.topics().resultsTopic(), clock, registry);
        var costs = new Costs(new PriceBook(() -> PriceTable.all(dataSource), clock, PriceBook.DEFAULT_TTL), budgets,
                new ResponseCache(dataSource, options::cacheRequested, clock, registry),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_BUDGET_RECHECK_MS", 300_000)));
        var runner = new JobRunner(providers, config.retry(), new JobGuard(clock, BatchStates.fromDatabase(dataSource, clock)), gate, guards, parking,
                options, resilience.parkAfter(), clock, stopping, metrics, PayloadLog.fromEnv(env), costs, instanceId);
        var kafkaConsumer = standardMeters.kafka(jobConsumer(config));
        this.backlog = new BacklogMonitor(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap())),
                backlogReader(config), config.groupId(), config.topics(), dataSource, registry, BACKLOG_EVERY,
                "llmq-backlog-" + config.name());
        this.consumer = new JobConsumer(kafkaConsumer, config.topics(), store, writer, runner, jobs,
                config.maxInFlight(), metrics, stopping);
        this.consumerThread = Thread.ofPlatform().name("llmq-consumer-" + config.name())
                .unstarted(() -> consumer.run(config.drainTimeout()));
        this.admin = config.httpPort() >= 0 ? new AdminServer(config.httpPort(), registry, consumerThread::isAlive) : null;
    }

    public static Worker start(WorkerConfig config, Catalogue catalogue, Map<String, String> env) {
        var worker = new Worker(config, catalogue, env);
        worker.writer.start();
        worker.relay.start();
        worker.reEnqueuer.start();
        worker.budgets.start();
        worker.health.start(worker.resilience.healthEvery());
        worker.consumerThread.start();
        worker.backlog.start();
        log.info("worker {} (instance {}) started (max {} jobs in flight{})", config.name(), worker.instanceId, config.maxInFlight(),
                worker.admin == null ? "" : ", admin port " + worker.admin.port());
        return worker;
    }

    private static KafkaConsumer<byte[], byte[]> jobConsumer(WorkerConfig config) {
        Map<String, Object> props = Map.ofEntries(
                Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()),
                Map.entry(ConsumerConfig.GROUP_ID_CONFIG, config.groupId()),
                Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, "llmq-worker-" + config.name()),
                Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                // small polls, so one poll cannot fill a partition's in-flight share (a quarter of the
                // budget) at once and push the worker over the budget before backpressure applies
                Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(16, Math.min(500, config.maxInFlight() / 8))),
                // small fetches per partition: the consumer drains one partition's buffered fetch
                // before the next, so large ones would keep a small batch's partition waiting
                Map.entry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 128 * 1024),
                // a fetch waiting for data on idle partitions must not hold back urgent records for long
                Map.entry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50),
                Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis()),
                Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, config.sessionTimeout().toMillis() / 5)),
                Map.entry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ClassAwareAssignor.class.getName()),
                Map.entry(ClassAwareAssignor.LAYOUT_CONFIG, ClassAwareAssignor.layoutValue(config.topics())));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads the oldest unconsumed job of each lagging partition for its age: no group, no commits. */
    private static KafkaConsumer<byte[], byte[]> backlogReader(WorkerConfig config) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, "llmq-backlog-" + config.name(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> eventProducer(WorkerConfig config) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, "llmq-outbox-" + config.name(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Re-enqueues parked jobs: idempotent and acks=all, so a produced job is neither lost nor doubled by retries. */
    private static KafkaProducer<byte[], byte[]> jobProducer(WorkerConfig config) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, "llmq-reenqueue-" + config.name(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** This worker's circuit-breaker state for a deployment: closed, open, half_open, ... */
    public String breakerState(String deployment) {
        return guards.of(deployment).state();
    }

    public String name() {
        return config.name();
    }

    /** This process start's id, the last part of every provider call's attempt id. */
    public String instanceId() {
        return instanceId;
    }

    public int inFlight() {
        return consumer.inFlight();
    }

    /** The partitions of {@code llmq.jobs} this worker holds now. */
    public java.util.Set<org.apache.kafka.common.TopicPartition> assignment() {
        return consumer.assignment();
    }

    /** This worker's budget gate: what it knows of tenants' budgets. */
    public BudgetGate budgets() {
        return budgets;
    }

    /** The port of {@code /health} and {@code /metrics}, or -1 when this worker serves none. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    /** Graceful stop: no new jobs, in-flight ones finish (within the drain timeout), offsets committed. */
    @Override
    public void close() {
        stopping.countDown();
        join(consumerThread, config.drainTimeout().plusSeconds(15));
        writer.close();
        shutdownJobs(Duration.ofSeconds(5));
        budgets.close();
        reEnqueuer.close();
        health.close();
        relay.close();
        backlog.close();
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
        join(consumerThread, Duration.ofSeconds(15));
        jobs.shutdownNow();
        budgets.halt();
        reEnqueuer.close();
        health.close();
        relay.close();
        backlog.close();
        closeRest();
        log.warn("worker {} halted", config.name());
    }

    private void shutdownJobs(Duration timeout) {
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                jobs.shutdownNow();
            }
        } catch (InterruptedException e) {
            jobs.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void closeRest() {
        if (admin != null) {
            admin.close();
        }
        providers.close();
        standardMeters.close();
        dataSource.close();
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
