package io.llmq.bench.rig;

import io.llmq.bench.measure.ProviderTap;
import io.llmq.bench.report.Progress;
import io.llmq.schema.Ids;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.simulator.ProviderSimulator;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.EmbeddedKafka;
import io.llmq.standalone.engine.EmbeddedKafkaCluster;
import io.llmq.standalone.engine.EmbeddedKafkaSettings;
import io.llmq.standalone.engine.EmbeddedPostgresEngine;
import io.llmq.standalone.engine.KafkaEngine;
import io.llmq.submitter.Submitter;
import io.llmq.submitter.SubmitterConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one scenario runs on: a real PostgreSQL and a real Kafka broker (child JVM) or cluster
 * of brokers (one child JVM each), the provider-simulator and the api-submitter in this JVM, and N
 * worker processes. Built fresh for every scenario, so no run inherits another's topics, offsets or rows.
 */
public final class Rig implements AutoCloseable {
    /** The one model the bench's catalogue offers. */
    public static final String MODEL = CatalogueFile.MODEL;

    private final RigConfig config;
    private final Progress progress;
    private TopicLayout topics = TopicLayout.defaults();
    private final String apiKey = "bench-key-" + Ids.random(24);
    private final String adminKey = "bench-admin-" + Ids.random(24);
    private final List<AutoCloseable> owned = new ArrayList<>();
    private EmbeddedPostgresEngine postgres;
    private EmbeddedKafka kafka;
    private EmbeddedKafkaCluster kafkaCluster;
    private KafkaEngine kafkaEngine;
    private ProviderSimulator simulator;
    private ProviderTap tap;
    private Submitter submitter;
    private WorkerFleet workers;
    private Path catalogueFile;

    private Rig(RigConfig config, Progress progress) {
        this.config = config;
        this.progress = progress;
    }

    public static Rig start(RigConfig config, Progress progress) throws Exception {
        var rig = new Rig(config, progress);
        try {
            rig.startAll();
            return rig;
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        var began = System.nanoTime();
        progress.line("starting PostgreSQL and Kafka (" + config.kafkaBrokers() + " broker JVM(s) "
                + String.join(" ", config.kafkaJavaOptions()) + ")");
        postgres = EmbeddedPostgresEngine.start(null, config.postgresFsync());
        owned.add(postgres);
        var kafkaSettings = EmbeddedKafkaSettings.defaults(null).withJvmOptions(config.kafkaJavaOptions());
        if (config.kafkaBrokers() == 1) {
            kafka = EmbeddedKafka.startWith(kafkaSettings);
            kafkaEngine = kafka;
        } else {
            kafkaCluster = EmbeddedKafkaCluster.start(config.kafkaBrokers(), kafkaSettings);
            kafkaEngine = kafkaCluster;
        }
        owned.add(kafkaEngine);
        simulator = ProviderSimulator.start(config.simulator(), config.simulatorLimits());
        owned.add(simulator);
        var providerUrl = simulator.baseUrl();
        if (config.tapMarker() != null) {
            tap = ProviderTap.start(simulator.baseUrl(), config.tapMarker());
            owned.add(tap);
            providerUrl = tap.baseUrl();
        }
        catalogueFile = writeCatalogue(providerUrl);
        var services = services();
        topics = TopicLayout.fromEnv(services);
        submitter = Submitter.start(SubmitterConfig.fromEnv(submitterEnv(services)), Catalogue.load(services));
        owned.add(submitter);
        workers = WorkerFleet.start(config, services, kafkaEngine.bootstrapServers(), topics, progress);
        owned.add(workers);
        progress.line(String.format(Locale.ROOT, "rig up in %.1f s: simulator %s%s, API %s, %d workers",
                (System.nanoTime() - began) / 1e9, simulator.baseUrl(), tap == null ? "" : " behind tap " + tap.baseUrl(),
                apiBaseUrl(), config.workers()));
    }

    private Path writeCatalogue(String providerUrl) throws IOException {
        var text = config.catalogueTemplate() == null
                ? CatalogueFile.yaml(providerUrl, config.deploymentRpm(), config.deploymentTpm(), config.maxConcurrentCalls())
                : CatalogueFile.fromTemplate(Files.readString(config.catalogueTemplate()), providerUrl,
                        config.deploymentRpm(), config.deploymentTpm());
        var file = Files.createTempFile("llmq-bench-catalogue-", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    /**
     * The settings both services read: the bench's environment, with the rig's engines and catalogue
     * on top. On a cluster every broker's address, and topics replicated 3 times (fewer on a smaller
     * cluster) with a min ISR one below, unless the environment says otherwise.
     */
    private Map<String, String> services() {
        var env = new HashMap<>(System.getenv());
        env.put("LLMQ_KAFKA_BOOTSTRAP", kafkaEngine.bootstrapServers());
        if (kafkaCluster != null) {
            var replicas = Math.min(3, kafkaCluster.size());
            env.putIfAbsent("LLMQ_KAFKA_REPLICATION_FACTOR", Integer.toString(replicas));
            env.putIfAbsent("LLMQ_KAFKA_MIN_ISR", Integer.toString(Math.max(1, replicas - 1)));
        }
        env.put("LLMQ_DB_URL", postgres.jdbcUrl());
        env.put("LLMQ_DB_USER", postgres.user());
        env.put("LLMQ_DB_PASSWORD", postgres.password());
        env.put("LLMQ_CATALOGUE", catalogueFile.toString());
        env.put("LLMQ_SIMULATOR_URL", simulator.baseUrl());
        return env;
    }

    private Map<String, String> submitterEnv(Map<String, String> services) {
        var env = new HashMap<>(services);
        env.put("LLMQ_HTTP_PORT", "0");
        env.put("LLMQ_API_KEY", apiKey);
        // the rig's own, so a scenario can change the live catalogue mid-run (pool disables a deployment)
        env.put("LLMQ_ADMIN_KEY", adminKey);
        // a bench submits batches far above the API's defaults (one batch of 1,000,000 in cancel)
        env.putIfAbsent("LLMQ_MAX_BATCH_REQUESTS", "1000000");
        env.putIfAbsent("LLMQ_MAX_FILE_BYTES", String.valueOf(1L << 30));
        env.putIfAbsent("LLMQ_TENANT_MAX_PENDING_JOBS", "10000000");
        env.putIfAbsent("LLMQ_TENANT_MAX_PENDING_TOKENS", "100000000000");
        return env;
    }

    public String apiBaseUrl() {
        return "http://localhost:" + submitter.port();
    }

    public String apiKey() {
        return apiKey;
    }

    /** The submitter's {@code LLMQ_ADMIN_KEY}, for the admin API ({@code /admin/...}). */
    public String adminKey() {
        return adminKey;
    }

    public ApiClient api() {
        return new ApiClient(apiBaseUrl(), apiKey);
    }

    public ProviderSimulator simulator() {
        return simulator;
    }

    /** The tap in front of the simulator; null unless {@link RigConfig#tapMarker()} was set. */
    public ProviderTap tap() {
        return tap;
    }

    /** Every broker's address. */
    public String kafkaBootstrap() {
        return kafkaEngine.bootstrapServers();
    }

    /** The single broker, to restart it under load; a rig running a cluster has none. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("this rig runs a cluster of " + config.kafkaBrokers() + " brokers: use kafkaCluster()");
        }
        return kafka;
    }

    /** The broker cluster, to kill its nodes under load; null when the rig runs a single broker. */
    public EmbeddedKafkaCluster kafkaCluster() {
        return kafkaCluster;
    }

    /** The workers' consumer group. */
    public String workerGroup() {
        return WorkerFleet.GROUP;
    }

    public EmbeddedPostgresEngine postgres() {
        return postgres;
    }

    public TopicLayout topics() {
        return topics;
    }

    /** Every worker process started so far, the killed and stopped ones included. */
    public List<WorkerProcess> workers() {
        return workers.workers();
    }

    /** Starts one more worker process with the rig's settings; it joins the consumer group by itself. */
    public WorkerProcess addWorker(String name) {
        return workers.launchOne(name);
    }

    public RigConfig config() {
        return config;
    }

    /** Stops what it started in reverse order: the workers (SIGTERM, SIGKILL after 20 s), the services, the engines. */
    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                progress.line("warning: could not stop " + owned.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        if (catalogueFile != null) {
            try {
                Files.deleteIfExists(catalogueFile);
            } catch (IOException ignored) {
                // a stray temp file is harmless
            }
        }
    }
}
