package io.llmq.standalone.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.schema.message.ResultEvent;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * A stack on the shared real engines with a catalogue of the test's own, and the reads a test of
 * provider failures makes: batches through the public API, outcomes and ledger rows straight from
 * PostgreSQL, provider calls from the simulator's own counters.
 */
final class ProviderHarness implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Stack stack;
    final ApiClient api;

    /** One job's row of {@code job_results}. */
    record Result(String customId, String status, String model, String deployment, int attempts, JsonNode error,
                  JsonNode response, Integer statusCode) {
    }

    private final List<ResultEvent> events = new ArrayList<>();
    private KafkaConsumer<byte[], byte[]> resultsConsumer;

    private ProviderHarness(Stack stack) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUrl(), stack.apiKey());
    }

    /** Polls {@code llmq.results} once more, as a downstream consumer would, and returns the batch's events so far. */
    synchronized List<ResultEvent> events(String batchId) {
        if (resultsConsumer == null) {
            resultsConsumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test-results-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            resultsConsumer.subscribe(List.of(stack.config().topics().resultsTopic()));
        }
        for (var record : resultsConsumer.poll(Duration.ofMillis(500))) {
            events.add(Json.fromBytes(record.value(), ResultEvent.class));
        }
        return events.stream().filter(e -> batchId.equals(e.batchId())).toList();
    }

    static ProviderHarness start(String catalogueYaml, Map<String, String> settings, int workers, Duration latency)
            throws Exception {
        return start(catalogueYaml, settings, workers, latency, java.time.Clock.systemUTC());
    }

    /** @param quotaClock cuts the workers' daily-quota days: the test moves it to a reset */
    static ProviderHarness start(String catalogueYaml, Map<String, String> settings, int workers, Duration latency,
                                 java.time.Clock quotaClock) throws Exception {
        var file = Files.createTempFile("llmq-catalogue", ".yaml");
        Files.writeString(file, catalogueYaml);
        file.toFile().deleteOnExit();
        Map<String, String> all = new HashMap<>(settings);
        all.put("LLMQ_CATALOGUE", file.toString());
        var harness = new ProviderHarness(Stack.start(StackConfig.forTests(workers, latency), TestEngines.sharedKafka(),
                TestEngines.sharedPostgres(), all, quotaClock));
        harness.awaitSettledGroup(workers);
        return harness;
    }

    /**
     * Waits until every worker holds partitions and the group is stable. A batch submitted while
     * workers are still joining is legitimately run twice in part (a revoked partition's
     * uncommitted jobs are redelivered), which would blur the exact call counts these tests assert.
     */
    private void awaitSettledGroup(int workers) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var group = admin.describeConsumerGroups(List.of(stack.config().workerGroup())).all().get()
                        .get(stack.config().workerGroup());
                return group.groupState() == GroupState.STABLE && group.members().size() == workers
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    /** Submits {@code count} chat requests for {@code model}; metadata may be empty. */
    String submit(String prefix, int count, String model, Map<String, String> metadata) throws Exception {
        var lines = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            var line = Json.object();
            line.put("custom_id", prefix + "-" + i);
            line.put("method", "POST");
            line.put("url", "/v1/chat/completions");
            var body = line.putObject("body");
            body.put("model", model);
            body.put("max_tokens", 24);
            body.putArray("messages").addObject().put("role", "user").put("content", "Say something about " + prefix + " " + i);
            lines.append(Json.toText(line)).append('\n');
        }
        var file = api.uploadBatchFile(prefix + ".jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
        var create = Json.object();
        create.put("input_file_id", file.path("id").asText());
        create.put("endpoint", "/v1/chat/completions");
        create.put("completion_window", "24h");
        var meta = create.putObject("metadata");
        metadata.forEach(meta::put);
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/batches"))
                .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.toText(create))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /v1/batches answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body()).path("id").asText();
    }

    JsonNode awaitDone(String batchId, Duration atMost) {
        var holder = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            holder[0] = api.batch(batchId);
            return Set.of("completed", "failed", "expired", "cancelled").contains(holder[0].path("status").asText());
        });
        return holder[0];
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(response.body());
    }

    /** The body of a plain GET (a worker's {@code /metrics}). */
    String http(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    List<Result> results(String batchId) throws SQLException {
        List<Result> out = new ArrayList<>();
        try (var c = connect(); var st = c.prepareStatement("""
                SELECT custom_id, status, model, deployment, attempts, error::text, response::text, status_code
                FROM job_results WHERE batch_id = ? ORDER BY line""")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var code = rs.getInt(8);
                    out.add(new Result(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            tree(rs.getString(6)), tree(rs.getString(7)), rs.wasNull() ? null : code));
                }
            }
        }
        return out;
    }

    /** How many of the batch's jobs each deployment answered; fails unless every job succeeded. */
    Map<String, Long> succeededByDeployment(String batchId) throws SQLException {
        var results = results(batchId);
        org.assertj.core.api.Assertions.assertThat(results).allSatisfy(r -> org.assertj.core.api.Assertions.assertThat(r.status())
                .isEqualTo("succeeded"));
        return results.stream().collect(java.util.stream.Collectors.groupingBy(Result::deployment, java.util.stream.Collectors.counting()));
    }

    /** Ledger rows of a batch as {@code model} → rows. */
    Map<String, Long> ledgerRowsByModel(String batchId) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (var c = connect(); var st = c.prepareStatement(
                "SELECT model, count(*) FROM ledger_entries WHERE batch_id = ? GROUP BY model")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    long ledgerRows(String batchId) throws SQLException {
        return ledgerRowsByModel(batchId).values().stream().mapToLong(Long::longValue).sum();
    }

    long[] ledgerTokens(String batchId) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(
                "SELECT coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0) FROM ledger_entries WHERE batch_id = ?")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    long count(String sql, String param) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(sql)) {
            st.setString(1, param);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Pauses a deployment for every worker, as a provider's 429 seen by any replica does ({@code deployment_cooldowns}). */
    void pause(String deployment, Duration wait) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("""
                INSERT INTO deployment_cooldowns (deployment, paused_until, reason)
                VALUES (?, clock_timestamp() + make_interval(secs => ?), 'test')
                ON CONFLICT (deployment) DO UPDATE SET paused_until = excluded.paused_until""")) {
            st.setString(1, deployment);
            st.setDouble(2, wait.toMillis() / 1000.0);
            st.executeUpdate();
        }
    }

    private java.sql.Connection connect() throws SQLException {
        var pg = stack.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    private static JsonNode tree(String text) {
        if (text == null) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Override
    public synchronized void close() {
        if (resultsConsumer != null) {
            resultsConsumer.close();
        }
        stack.close();
    }
}
