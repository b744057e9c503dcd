package io.llmq.standalone.api;

import io.llmq.schema.Ids;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code LLMQ_TENANT_MAX_STREAMS} (2 here): a tenant's event streams, long-polls and downloads
 * share one cap; the one past it is a 429 that names the setting and says when to retry, another
 * tenant is not affected, and a stream that ends gives its place back.
 */
class StreamCapTest {
    private static Stack stack;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(100)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_TENANT_MAX_STREAMS", "2"));
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldRefuseTheLongLivedRequestPastTheTenantCapAndLeaveOtherTenantsAlone() throws Exception {
        var full = Tenants.create(stack.baseUrl(), "streams-full");
        var other = Tenants.create(stack.baseUrl(), "streams-other");
        var fullBatch = batch(full.tenantId());
        var otherBatch = batch(other.tenantId());
        var api = Http.to(stack.baseUrl()).bearer(full.key());

        try (var first = open(fullBatch, full.key()); var second = open(fullBatch, full.key())) {
            assertThat(first.status).isEqualTo(200);
            assertThat(second.status).isEqualTo(200);

            try (var third = open(fullBatch, full.key())) {
                assertThat(third.status).isEqualTo(429);
            }
            for (var refused : new Http.Answer[] {
                    api.get("/v1/batches/" + fullBatch + "?wait=30s"),
                    api.get("/v1/files/file-none/content")}) {
                assertThat(refused.status()).as(refused.text()).isEqualTo(429);
                assertThat(refused.json().at("/error/code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
                assertThat(refused.json().at("/error/message").asText()).contains("LLMQ_TENANT_MAX_STREAMS");
                assertThat(refused.header("retry-after")).isEqualTo("5");
                assertThat(refused.header("x-request-id")).startsWith("req_");
            }
            // a plain read is not long-lived
            assertThat(api.get("/v1/batches/" + fullBatch).status()).isEqualTo(200);

            try (var elsewhere = open(otherBatch, other.key())) {
                assertThat(elsewhere.status).isEqualTo(200);
                assertThat(Http.to(stack.baseUrl()).bearer(other.key()).get("/v1/batches/" + otherBatch + "?wait=1s").status())
                        .isEqualTo(200);
            }

            // the server sees a stream gone at its next write (a heartbeat within 10 s), then the place is free
            first.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                try (var again = open(fullBatch, full.key())) {
                    return again.status == 200;
                }
            });
        }
    }

    private EventStream open(String batchId, String key) throws Exception {
        return EventStream.open(stack.baseUrl() + "/v1/batches/" + batchId + "/events", key, null);
    }

    private static String batch(String tenantId) throws Exception {
        var id = "batch_cap" + Ids.random(12);
        db.update("""
                INSERT INTO batches (id, tenant_id, dialect, endpoint, input_file_id, completion_window, priority, status, total,
                                     in_progress_at, expires_at)
                VALUES (?, ?, 'openai', '/v1/chat/completions', 'file-none', '24h', 'normal', 'in_progress', 10, now(),
                        now() + interval '1 day')""", id, tenantId);
        return id;
    }
}
