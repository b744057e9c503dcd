package io.llmq.standalone.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmq.schema.topic.TopicLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes parsed and checked offline: every file of the kustomization exists and holds
 * well-formed objects; the Deployments probe /health on the port their settings give; workers get
 * more grace than their drain; and the KEDA ScaledObject scales the worker Deployment on the
 * backlog the active dispatcher reports and on the workers' consumer group lag, never past the
 * partitions of llmq.jobs.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, JsonNode> byKindAndName = new HashMap<>();
    private static JsonNode kustomization;

    @BeforeAll
    static void parse() throws IOException {
        kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        for (var resource : kustomization.path("resources")) {
            var file = DIR.resolve(resource.asText());
            assertThat(file).as("kustomization resource %s", resource.asText()).isRegularFile();
            try (var parser = YAML.getFactory().createParser(file.toFile())) {
                for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                    var doc = it.next();
                    if (doc == null || doc.isNull() || doc.isEmpty()) {
                        continue;
                    }
                    assertThat(doc.path("apiVersion").asText()).as("apiVersion in %s", file).isNotBlank();
                    assertThat(doc.path("kind").asText()).as("kind in %s", file).isNotBlank();
                    assertThat(doc.path("metadata").path("name").asText()).as("metadata.name in %s", file).isNotBlank();
                    var key = doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
                    assertThat(byKindAndName.put(key, doc)).as("%s declared once", key).isNull();
                }
            }
        }
    }

    @Test
    void declaresTheServicesAndTheScaler() {
        assertThat(byKindAndName).containsKeys("Namespace/llmq", "ConfigMap/llmq-config", "Deployment/api-submitter",
                "Service/api-submitter", "Deployment/worker", "Service/worker", "PodDisruptionBudget/worker",
                "ScaledObject/worker", "Deployment/provider-simulator", "Service/provider-simulator");
        assertThat(kustomization.path("namespace").asText()).isEqualTo("llmq");
    }

    @Test
    void deploymentsProbeHealthOnTheirConfiguredPortAndSelectTheirOwnPods() {
        Map<String, String> portVariable = Map.of("api-submitter", "LLMQ_HTTP_PORT", "worker", "LLMQ_WORKER_HTTP_PORT",
                "provider-simulator", "LLMQ_SIM_PORT");
        portVariable.forEach((name, variable) -> {
            var deployment = object("Deployment/" + name);
            var labels = deployment.path("spec").path("template").path("metadata").path("labels");
            deployment.path("spec").path("selector").path("matchLabels").properties().forEach(e ->
                    assertThat(labels.path(e.getKey()).asText()).as("%s pod label %s", name, e.getKey()).isEqualTo(e.getValue().asText()));
            var container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            var port = env(container, variable);
            for (var probe : List.of("readinessProbe", "livenessProbe")) {
                assertThat(container.path(probe).path("httpGet").path("path").asText()).as("%s %s", name, probe).isEqualTo("/health");
                assertThat(container.path(probe).path("httpGet").path("port").asText()).as("%s %s port", name, probe).isEqualTo(port);
            }
            var service = object("Service/" + name);
            service.path("spec").path("selector").properties().forEach(e ->
                    assertThat(labels.path(e.getKey()).asText()).as("Service %s selects its pods", name).isEqualTo(e.getValue().asText()));
            assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo(port);
            assertThat(container.path("securityContext").path("runAsUser").asInt(
                    deployment.path("spec").path("template").path("spec").path("securityContext").path("runAsUser").asInt(0)))
                    .as("%s runs as the images' non-root user", name).isEqualTo(10001);
        });
    }

    @Test
    void workersLogJsonGetMoreGraceThanTheirDrainAndExposeMetricsPerPod() {
        var config = object("ConfigMap/llmq-config").path("data");
        assertThat(config.path("LLMQ_LOG_FORMAT").asText()).isEqualTo("json");
        var pod = object("Deployment/worker").path("spec").path("template");
        assertThat(pod.path("spec").path("terminationGracePeriodSeconds").asInt()).isGreaterThan(30);
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText()).isEqualTo("8081");
        assertThat(object("Service/worker").path("spec").path("clusterIP").asText()).isEqualTo("None");
        var container = pod.path("spec").path("containers").get(0);
        assertThat(container.path("ports").findValues("hostPort")).as("no host ports on a scaled Deployment").isEmpty();
        assertThat(container.path("env").findValues("name").stream().map(JsonNode::asText)).contains("LLMQ_WORKER_NAME");
    }

    @Test
    void scaledObjectScalesTheWorkersOnTheBacklogWithinThePartitions() throws IOException {
        var scaled = object("ScaledObject/worker");
        assertThat(ScalerQueries.scaledObject()).as("ScalerQueries reads the kustomization's ScaledObject").isEqualTo(scaled);
        assertThat(scaled.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
        var spec = scaled.path("spec");
        assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(object("Deployment/worker").path("metadata").path("name").asText());
        assertThat(spec.path("minReplicaCount").asInt()).as("workers also dispatch, relay the outbox and re-enqueue parked jobs").isGreaterThanOrEqualTo(1);

        var config = object("ConfigMap/llmq-config").path("data");
        Map<String, String> env = new HashMap<>();
        config.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        var layout = TopicLayout.fromEnv(env);
        assertThat(spec.path("maxReplicaCount").asInt()).isBetween(spec.path("minReplicaCount").asInt(), layout.jobsPartitions());
        assertThat(spec.path("triggers")).hasSize(2);

        // The backlog in PostgreSQL, as the active dispatcher reports it: the leader's series only.
        var prometheus = ScalerQueries.trigger(scaled, "prometheus");
        assertThat(prometheus).as("prometheus trigger").isPresent();
        var query = prometheus.get().path("metadata");
        var promql = query.path("query").asText();
        assertThat(DashboardQueries.metricNames(promql)).as("metrics of %s", promql)
                .containsExactlyInAnyOrder("llmq_dispatch_pending_jobs", "llmq_dispatch_leader");
        assertThat(promql.replaceAll("\\s+", " ")).as("keeps only the active dispatcher's series")
                .containsPattern("\\band ignoring \\(priority\\) \\(llmq_dispatch_leader\\{[^}]*} == 1\\)");
        var namespaces = Pattern.compile("namespace=\"([^\"]*)\"").matcher(promql).results().map(m -> m.group(1)).toList();
        assertThat(namespaces).as("namespace labels of the query").isNotEmpty()
                .containsOnly(kustomization.path("namespace").asText());
        assertThat(query.path("serverAddress").asText()).startsWith("http");
        var threshold = Integer.parseInt(query.path("threshold").asText());
        assertThat(threshold).isPositive();
        assertThat(query.path("ignoreNullValues").asText()).as("no leader in sight is an error, not an empty backlog").isEqualTo("false");

        // What waits in Kafka: parked jobs that come back bypass the dispatcher.
        var kafka = ScalerQueries.trigger(scaled, "kafka");
        assertThat(kafka).as("kafka trigger").isPresent();
        var metadata = kafka.get().path("metadata");
        assertThat(metadata.path("topic").asText()).isEqualTo(layout.jobsTopic());
        assertThat(metadata.path("consumerGroup").asText()).isEqualTo(config.path("LLMQ_WORKER_GROUP").asText());
        assertThat(metadata.path("bootstrapServers").asText()).isEqualTo(config.path("LLMQ_KAFKA_BOOTSTRAP").asText());
        assertThat(Integer.parseInt(metadata.path("lagThreshold").asText())).as("a job waiting in Kafka weighs what one in PostgreSQL does")
                .isEqualTo(threshold);
        assertThat(metadata.path("allowIdleConsumers").asText()).isEqualTo("false");
        assertThat(metadata.path("offsetResetPolicy").asText()).isEqualTo("earliest");
    }

    @Test
    void noSecretValueIsCheckedIn() throws IOException {
        assertThat(byKindAndName.keySet()).noneMatch(k -> k.startsWith("Secret/"));
        for (var resource : kustomization.path("resources")) {
            var text = Files.readString(DIR.resolve(resource.asText()));
            assertThat(text).doesNotContainPattern("(?m)^\\s*LLMQ_(API_KEY|ADMIN_KEY|DB_PASSWORD):");
        }
    }

    private static JsonNode object(String kindAndName) {
        var doc = byKindAndName.get(kindAndName);
        assertThat(doc).as(kindAndName).isNotNull();
        return doc;
    }

    private static String env(JsonNode container, String name) {
        List<String> found = new ArrayList<>();
        container.path("env").forEach(e -> {
            if (e.path("name").asText().equals(name)) {
                found.add(e.path("value").asText());
            }
        });
        assertThat(found).as("container %s sets %s", container.path("name").asText(), name).hasSize(1);
        return found.get(0);
    }
}
