package io.llmq.worker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class AdminServerTest {

    @Test
    void metricsCanBeAskedForByName() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        Counter.builder("llmq.test.calls").register(registry).increment(3);
        try (var server = new AdminServer(0, registry, () -> true); var http = HttpClient.newHttpClient()) {
            var all = get(http, server.port(), "/metrics");
            var some = get(http, server.port(), "/metrics?name%5B%5D=jvm_memory_used_bytes&name[]=llmq_test_calls");
            var none = get(http, server.port(), "/metrics?name[]=no_such_metric");

            assertThat(all).contains("jvm_memory_used_bytes{", "llmq_test_calls_total 3", "jvm_memory_max_bytes{");
            assertThat(some).contains("jvm_memory_used_bytes{", "llmq_test_calls_total 3").doesNotContain("jvm_memory_max_bytes");
            assertThat(none).doesNotContain("jvm_memory_used_bytes", "llmq_test_calls_total");
        }
    }

    @Test
    void shouldAskForTheMetricsTokenWhenOneIsSetAndKeepHealthOpen() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("llmq.test.calls").register(registry).increment();
        var settings = AdminSettings.fromEnv(java.util.Map.of("LLMQ_WORKER_HTTP_BIND", "127.0.0.1", "LLMQ_METRICS_TOKEN", "s3cret"));
        try (var server = new AdminServer(0, settings, registry, () -> true); var http = HttpClient.newHttpClient()) {
            var base = "http://127.0.0.1:" + server.port();
            var anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            var wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Authorization", "Bearer s3cre")
                    .build(), HttpResponse.BodyHandlers.ofString());
            var right = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Authorization", "Bearer s3cret")
                    .build(), HttpResponse.BodyHandlers.ofString());
            var health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("LLMQ_METRICS_TOKEN").doesNotContain("llmq_test_calls");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).contains("llmq_test_calls_total 1");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void shouldAnswerOnNamedThreadsAndLetARequestInProgressEndBeforeCloseReturns() throws Exception {
        var entered = new CountDownLatch(1);
        var finished = new AtomicBoolean();
        var handlerThread = new AtomicReference<Thread>();
        BooleanSupplier slowHealth = () -> {
            handlerThread.set(Thread.currentThread());
            entered.countDown();
            // a health check that takes a while, so that close() meets it in progress
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            finished.set(true);
            return true;
        };
        var server = new AdminServer(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), slowHealth);
        try (var http = HttpClient.newHttpClient()) {
            http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("health check entered").isTrue();

            server.close();

            assertThat(handlerThread.get().getName()).startsWith("llmq-admin-http-");
            assertThat(finished).as("health check ended before close returned").isTrue();
            // the executor is shut down: its thread ends (it may still be unwinding when close returns)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !handlerThread.get().isAlive());
        }
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
