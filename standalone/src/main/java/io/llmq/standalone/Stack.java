package io.llmq.standalone;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.simulator.ProviderSimulator;
import io.llmq.standalone.engine.KafkaEngine;
import io.llmq.standalone.engine.PostgresEngine;
import io.llmq.submitter.Submitter;
import io.llmq.submitter.SubmitterConfig;
import io.llmq.worker.Worker;
import io.llmq.worker.WorkerConfig;
import io.llmq.worker.call.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of llmq in one JVM on real engines: the provider-simulator, the api-submitter and N
 * workers, over a Kafka broker and a PostgreSQL server given to it. Workers are separate objects
 * with their own consumers, pools and threads, exactly as separate processes would have.
 */
public final class Stack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Stack.class);

    private final StackConfig config;
    private final KafkaEngine kafka;
    private final PostgresEngine postgres;
    private final ProviderSimulator simulator;
    private final Submitter submitter;
    private final List<Worker> workers = new ArrayList<>();
    private final Catalogue catalogue;
    private final Map<String, String> env;
    private final Clock quotaClock;
    private int workerSeq;

    private Stack(StackConfig config, KafkaEngine kafka, PostgresEngine postgres, Map<String, String> overrides, Clock quotaClock)
            throws Exception {
        this.config = config;
        this.quotaClock = quotaClock;
        this.kafka = kafka;
        this.postgres = postgres;
        this.simulator = ProviderSimulator.start(config.simulator(), config.simulatorLimits());
        Map<String, String> settings = new HashMap<>(System.getenv());
        settings.putAll(overrides);
        settings.put("LLMQ_SIMULATOR_URL", simulator.baseUrl());
        this.env = Map.copyOf(settings);
        this.catalogue = config.catalogueYaml() == null ? Catalogue.load(env) : Catalogue.parse(config.catalogueYaml(), env::get);
        // submitter settings (file and batch limits, admin key, public URL, tenant limits) from the
        // environment and the overrides, placed on this stack's engines
        this.submitter = Submitter.start(SubmitterConfig.fromEnv(env).on(config.httpPort(), kafka.bootstrapServers(),
                postgres.jdbcUrl(), postgres.user(), postgres.password(), config.apiKey(), config.topics()), catalogue);
    }

    public static Stack start(StackConfig config, KafkaEngine kafka, PostgresEngine postgres) throws Exception {
        return start(config, kafka, postgres, Map.of());
    }

    /**
     * @param settings environment variables that override the process's own for this stack (e.g.
     *                 {@code LLMQ_CATALOGUE}, {@code LLMQ_MAX_ATTEMPTS}, {@code LLMQ_PARK_AFTER_MS})
     */
    public static Stack start(StackConfig config, KafkaEngine kafka, PostgresEngine postgres, Map<String, String> settings)
            throws Exception {
        return start(config, kafka, postgres, settings, Clock.systemUTC());
    }

    /** @param quotaClock the workers' clock for the days of the daily quotas: a test moves it to a reset */
    public static Stack start(StackConfig config, KafkaEngine kafka, PostgresEngine postgres, Map<String, String> settings,
                              Clock quotaClock) throws Exception {
        var stack = new Stack(config, kafka, postgres, settings, quotaClock);
        try {
            for (int i = 0; i < config.workers(); i++) {
                stack.addWorker();
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Starts one more worker replica; it joins the consumer group and takes over partitions. */
    public synchronized Worker addWorker() {
        var name = "w" + (++workerSeq);
        var worker = Worker.start(new WorkerConfig(name, kafka.bootstrapServers(), postgres.jdbcUrl(), postgres.user(),
                postgres.password(), config.workerGroup(), 0, config.maxInFlightPerWorker(), RetryPolicy.fromEnv(env),
                config.workerSessionTimeout(), Duration.ofSeconds(20), config.topics(),
                WorkerConfig.DEFAULT_MAX_IN_FLIGHT_BYTES), catalogue, env, Clock.systemUTC(), quotaClock);
        workers.add(worker);
        return worker;
    }

    public synchronized List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** Stops a worker as a crash would: no commit, queued outcomes dropped, in-flight calls abandoned. */
    public synchronized void haltWorker(Worker worker) {
        workers.remove(worker);
        worker.halt();
    }

    public String baseUrl() {
        return "http://localhost:" + submitter.port();
    }

    /** The api-submitter's routes, as {@code "GET /v1/batches/{id}"}. */
    public List<String> submitterRoutes() {
        return submitter.routes();
    }

    public StackConfig config() {
        return config;
    }

    public String apiKey() {
        return config.apiKey();
    }

    /** The catalogue file this stack seeds the database with (the simulator's URL in place). */
    public Catalogue catalogue() {
        return catalogue;
    }

    public ProviderSimulator simulator() {
        return simulator;
    }

    public KafkaEngine kafka() {
        return kafka;
    }

    public PostgresEngine postgres() {
        return postgres;
    }

    public synchronized int inFlight() {
        return workers.stream().mapToInt(Worker::inFlight).sum();
    }

    /** Stops the services; the engines belong to whoever started them. */
    @Override
    public synchronized void close() {
        for (var worker : workers) {
            try {
                worker.close();
            } catch (RuntimeException e) {
                log.warn("worker {} did not stop cleanly", worker.name(), e);
            }
        }
        workers.clear();
        if (submitter != null) {
            submitter.close();
        }
        simulator.close();
    }
}
