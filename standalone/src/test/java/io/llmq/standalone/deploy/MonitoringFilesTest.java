package io.llmq.standalone.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus and Grafana as docker-compose.yml runs them: the mounted files exist and parse, the
 * scrape targets are the services' metrics ports (workers found by DNS, so scaling needs no edit),
 * the provisioned data source is the one the dashboard names, and every dashboard panel has a
 * query. That each queried metric exists is checked against real processes in MetricsScrapeTest.
 */
class MonitoringFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    }

    @Test
    void prometheusScrapesTheSubmitterAndEveryWorkerReplicaByDns() throws IOException {
        var config = YAML.readTree(mountedFile("prometheus", "/etc/prometheus/prometheus.yml").toFile());
        JsonNode submitter = null;
        JsonNode worker = null;
        for (var job : config.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("llmq-submitter")) {
                submitter = job;
            } else if (job.path("job_name").asText().equals("llmq-worker")) {
                worker = job;
            }
        }
        assertThat(submitter).as("scrape job llmq-submitter").isNotNull();
        assertThat(worker).as("scrape job llmq-worker").isNotNull();
        assertThat(submitter.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        assertThat(strings(submitter.path("static_configs").get(0).path("targets")))
                .containsExactly("api-submitter:" + env("api-submitter", "LLMQ_HTTP_PORT"));
        var dns = worker.path("dns_sd_configs").get(0);
        assertThat(strings(dns.path("names"))).containsExactly("worker");
        assertThat(dns.path("type").asText()).isEqualTo("A");
        assertThat(dns.path("port").asText()).isEqualTo(env("worker", "LLMQ_WORKER_HTTP_PORT"));
    }

    @Test
    void grafanaProvisionsThePrometheusDataSourceAndTheDashboardFolder() throws IOException {
        var provisioning = mountedDirectory("grafana", "/etc/grafana/provisioning");
        var datasources = YAML.readTree(provisioning.resolve("datasources/prometheus.yml").toFile()).path("datasources");
        assertThat(datasources).hasSize(1);
        assertThat(datasources.get(0).path("type").asText()).isEqualTo("prometheus");
        assertThat(datasources.get(0).path("url").asText()).isEqualTo("http://prometheus:9090");

        var providers = YAML.readTree(provisioning.resolve("dashboards/llmq.yml").toFile()).path("providers");
        var dashboardsPath = providers.get(0).path("options").path("path").asText();
        var dashboards = mountedDirectory("grafana", dashboardsPath);
        assertThat(dashboards.resolve("llmq.json")).isRegularFile();
        assertThat(dashboards.resolve("llmq.json").normalize()).isEqualTo(DashboardQueries.DASHBOARD.toAbsolutePath().normalize());
        assertThat(compose.path("services").path("grafana").path("depends_on").path("prometheus").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void everyDashboardPanelQueriesTheProvisionedDataSource() throws IOException {
        var uid = YAML.readTree(mountedDirectory("grafana", "/etc/grafana/provisioning")
                .resolve("datasources/prometheus.yml").toFile()).path("datasources").get(0).path("uid").asText();
        var dashboard = DashboardQueries.dashboard();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        var panels = DashboardQueries.panels(dashboard);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        var ids = new HashSet<Integer>();
        for (var panel : panels) {
            var title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of %s is unique", title).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as("%s width", title).isBetween(1, 24);
            assertThat(panel.path("datasource").path("uid").asText()).as("%s data source", title).isEqualTo(uid);
            assertThat(panel.path("targets")).as("%s queries", title).isNotEmpty();
            for (var target : panel.path("targets")) {
                var expr = target.path("expr").asText();
                assertThat(expr).as("%s query", title).isNotBlank();
                assertThat(DashboardQueries.metricNames(expr)).as("metrics of %s: %s", title, expr).isNotEmpty();
            }
        }
    }

    @Test
    void dashboardCoversTheOperatorsQuestions() throws IOException {
        var names = DashboardQueries.metricNames(DashboardQueries.dashboard());
        assertThat(names).contains("llmq_backlog_records", "llmq_backlog_oldest_age_seconds", "llmq_jobs_finished_total",
                "llmq_provider_latency_seconds_bucket", "resilience4j_circuitbreaker_state", "llmq_provider_rate_limited_total",
                "llmq_ratelimit_limit_requests_per_minute", "llmq_ratelimit_limit_tokens_per_minute", "llmq_cost_usd_total",
                "llmq_outbox_backlog_events", "llmq_dispatch_pending_jobs", "llmq_dispatch_outstanding_jobs",
                "llmq_dispatch_released_total", "llmq_dispatch_window_jobs", "llmq_dispatch_leader");
    }

    /**
     * The dispatcher's gauges are set only while a worker leads; one that lost the lead keeps its
     * last values. A panel reading them must keep the leader's series, not take max over workers.
     */
    @Test
    void dashboardReadsTheDispatcherGaugesOnTheLeaderOnly() throws IOException {
        var gauges = List.of("llmq_dispatch_pending_jobs", "llmq_dispatch_outstanding_jobs", "llmq_dispatch_window_jobs");
        var checked = 0;
        for (var expr : DashboardQueries.expressions(DashboardQueries.dashboard())) {
            var names = DashboardQueries.metricNames(expr);
            if (gauges.stream().anyMatch(names::contains)) {
                assertThat(expr.replaceAll("\\s+", " ")).as("dispatcher gauge query").contains(" and ")
                        .contains("(llmq_dispatch_leader == 1)");
                checked++;
            }
        }
        assertThat(checked).as("panels reading the dispatcher's gauges").isEqualTo(gauges.size());
    }

    @Test
    void dashboardPanelsAndRowsDoNotOverlap() throws IOException {
        var boxes = new ArrayList<JsonNode>();
        for (var panel : DashboardQueries.dashboard().path("panels")) {
            boxes.add(panel);
        }
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                var a = boxes.get(i);
                var b = boxes.get(j);
                assertThat(overlap(a.path("gridPos"), b.path("gridPos")))
                        .as("%s and %s overlap", a.path("title").asText(), b.path("title").asText()).isFalse();
            }
        }
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt() && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt() && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }

    @Test
    void metricNamesOfAQueryLeaveOutFunctionsLabelsAndRanges() {
        assertThat(DashboardQueries.metricNames(
                "histogram_quantile(0.95, sum by (le, priority) (rate(llmq_queue_wait_seconds_bucket{priority=\"high\"}[5m]))) "
                        + "/ on (deployment) max by (deployment) (llmq_ratelimit_limit_requests_per_minute > 0) * 60"))
                .containsExactlyInAnyOrder("llmq_queue_wait_seconds_bucket", "llmq_ratelimit_limit_requests_per_minute");
    }

    /** The host side of a service's bind mount onto {@code target}. */
    private static Path mountedFile(String service, String target) {
        for (var volume : strings(compose.path("services").path(service).path("volumes"))) {
            var parts = volume.split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                var path = ROOT.resolve(parts[0]).normalize();
                assertThat(path).as("%s mounts %s", service, parts[0]).exists();
                return path;
            }
        }
        throw new AssertionError(service + " mounts nothing on " + target);
    }

    private static Path mountedDirectory(String service, String target) {
        var path = mountedFile(service, target);
        assertThat(path).isDirectory();
        return path;
    }

    private static String env(String service, String variable) {
        return compose.path("services").path(service).path("environment").path(variable).asText();
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
