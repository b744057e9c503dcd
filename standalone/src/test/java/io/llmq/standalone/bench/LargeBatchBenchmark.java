package io.llmq.standalone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.submitter.Submitter;
import io.llmq.submitter.SubmitterConfig;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not part of the suite (its name does not end in Test): submits one 50,000-request batch through
 * POST /v1/files + POST /v1/batches to an api-submitter alone on real Kafka and PostgreSQL, and
 * prints how long upload and validation + enqueue took and the heap used meanwhile.
 *
 * <pre>mvn -B -ntp -pl standalone -am verify -Dtest=LargeBatchBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Set {@code -Dllmq.bench.requests=N} for another size, {@code -Dllmq.bench.inline=true} to send the
 * requests inline in the create body instead of uploading a file. Results go to stdout (the surefire report
 * file {@code standalone/target/surefire-reports/...LargeBatchBenchmark-output.txt}). The heap
 * figures are of the whole JVM (the benchmark's own copy of the file included; Kafka and
 * PostgreSQL run in processes of their own).
 */
class LargeBatchBenchmark {

    /** Outside surefire, to choose the heap: {@code java -Xmx128m -cp <test classpath> io.llmq.standalone.bench.LargeBatchBenchmark}. */
    public static void main(String[] args) throws Exception {
        new LargeBatchBenchmark().submitFiftyThousandRequests();
        System.exit(0);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void submitFiftyThousandRequests() throws Exception {
        var requests = Integer.getInteger("llmq.bench.requests", 50_000);
        var kafka = TestEngines.sharedKafka();
        var postgres = TestEngines.sharedPostgres();
        var key = "bench-key-" + Ids.random(24);
        var suffix = Ids.random(8);
        var d = TopicLayout.defaults();
        var topics = new TopicLayout(d.jobsTopic() + "." + suffix, d.resultsTopic() + "." + suffix, d.highPartitions(),
                d.normalPartitions(), d.lowPartitions(), d.resultsPartitions(), d.replicationFactor());
        var config = SubmitterConfig.fromEnv(Map.of()).on(0, kafka.bootstrapServers(), postgres.jdbcUrl(), postgres.user(),
                postgres.password(), key, topics);
        try (var submitter = Submitter.start(config, Catalogue.load(Map.of()))) {
            var base = "http://localhost:" + submitter.port();
            // written to disk and streamed from there, so the client's copy is not counted in the heap figures
            var file = jsonl(requests);
            var small = jsonl(10);
            var size = Files.size(file);
            System.out.printf("BENCH input: %,d requests, %,d bytes (%.1f MB)%n", requests, size, size / 1e6);
            upload(base, key, small); // warm-up: class loading, JIT of the hot path

            var memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            var baseline = memory.getHeapMemoryUsage().getUsed();
            var peak = new AtomicLong(baseline);
            var sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            var t0 = System.nanoTime();
            var inline = Boolean.getBoolean("llmq.bench.inline");
            var uploaded = inline ? null : upload(base, key, file);
            var t1 = System.nanoTime();
            JsonNode batch;
            if (inline) {
                // the same requests as one JSON body: {"endpoint", "completion_window", "requests": [...]}
                var prefix = "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":[";
                var lines = Files.readString(file).strip().replace("\n", ",");
                batch = send(base, key, "/v1/batches", "application/json", HttpRequest.BodyPublishers.ofString(prefix + lines + "]}"));
            } else {
                var body = Json.object().put("input_file_id", uploaded.path("id").asText()).put("endpoint", "/v1/chat/completions")
                        .put("completion_window", "24h");
                batch = send(base, key, "/v1/batches", "application/json", HttpRequest.BodyPublishers.ofString(Json.toText(body)));
            }
            var t2 = System.nanoTime();
            sampler.interrupt();
            sampler.join();

            assertThat(batch.path("request_counts").path("total").asInt()).isEqualTo(requests);
            assertThat(batch.path("status").asText()).isEqualTo("in_progress");
            var upload = (t1 - t0) / 1e9;
            var create = (t2 - t1) / 1e9;
            if (!inline) {
                System.out.printf("BENCH upload (POST /v1/files): %.2f s (%.1f MB/s)%n", upload, size / 1e6 / upload);
            }
            System.out.printf("BENCH validate + enqueue (POST /v1/batches%s): %.2f s = %,.0f prompts/s accepted%n",
                    inline ? ", requests inline" : "", create, requests / create);
            System.out.printf("BENCH upload + create: %.2f s = %,.0f prompts/s end to end%n", upload + create, requests / (upload + create));
            System.out.printf("BENCH heap: %.0f MB used before, %.0f MB peak while accepting (+%.0f MB), max heap %.0f MB%n",
                    baseline / 1e6, peak.get() / 1e6, (peak.get() - baseline) / 1e6, memory.getHeapMemoryUsage().getMax() / 1e6);
            var metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\"")).forEach(l -> System.out.println("BENCH metrics " + l));
        }
    }

    private static Path jsonl(int count) throws Exception {
        var path = Files.createTempFile("llmq-bench-", ".jsonl");
        path.toFile().deleteOnExit();
        try (var out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            for (int i = 1; i <= count; i++) {
                var line = Json.object();
                line.put("custom_id", "req-" + i);
                line.put("method", "POST");
                line.put("url", "/v1/chat/completions");
                var requestBody = line.putObject("body");
                requestBody.put("model", i % 2 == 0 ? "gpt-4o-mini" : "gpt-4.1-nano");
                requestBody.put("max_tokens", 64);
                var messages = requestBody.putArray("messages");
                messages.addObject().put("role", "system").put("content", "You are a concise assistant that answers in one sentence.");
                messages.addObject().put("role", "user").put("content", "Question " + i + ": summarise why message queues decouple producers "
                        + "from consumers, and name one trade-off of at-least-once delivery.");
                out.write(Json.toBytes(line));
                out.write('\n');
            }
        }
        return path;
    }

    /** POST /v1/files as multipart, the file part streamed from disk. */
    private static JsonNode upload(String base, String key, Path file) throws Exception {
        var boundary = "bench-boundary";
        var head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        var tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
        return send(base, key, "/v1/files", "multipart/form-data; boundary=" + boundary, body);
    }

    private static JsonNode send(String base, String key, String path, String contentType, HttpRequest.BodyPublisher body) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + key).header("Content-Type", contentType).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }
}
