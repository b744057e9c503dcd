package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.Headers;
import com.openai.models.webhooks.WebhookVerificationParams;
import io.llmq.schema.webhook.WebhookTargets;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks delivered by a worker to a receiver on 127.0.0.1 ({@code LLMQ_WEBHOOK_ALLOW_PRIVATE=true},
 * as {@code ./llmq standalone} sets it): OpenAI's event body, Standard Webhooks signatures checked
 * independently and by the official OpenAI SDK's verifier, a redelivery under the same {@code webhook-id} after a 500, the delivery log, only
 * the events an endpoint asked for, the automatic disable after a long outage, a delivery a dead
 * worker left claimed, and the delivery latency from a batch's end to its receiver.
 */
class WebhookDeliveryTest {
    /** Only its webhook verifier is used: it calls nothing. */
    private static final OpenAIClient OPENAI = OpenAIOkHttpClient.builder().apiKey("unused").baseUrl("http://127.0.0.1:9/v1").build();
    private static Stack stack;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, WebhookTargets.ALLOW_PRIVATE_SETTING, "true"));
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() throws Exception {
        db.update("DELETE FROM webhook_endpoints WHERE url LIKE 'http://127.0.0.1:%'");
        stack.close();
    }

    /** Each test has its own tenant, so no other test's batches reach its endpoints. */
    private static Http newTenant(String name) throws Exception {
        return Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), name).key());
    }

    private static JsonNode register(Http tenant, String url, String events) throws Exception {
        var created = tenant.post("/v1/webhook_endpoints", "{\"url\":\"" + url + "\",\"events\":" + events + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    @Test
    void shouldRedeliverUnderTheSameWebhookIdAfterA500() throws Exception {
        var tenant = newTenant("webhook-retry");
        try (var receiver = WebhookReceiver.answering(500)) {
            var endpoint = register(tenant, receiver.url(), "[\"batch.completed\"]");
            var cancelledOnly = register(tenant, receiver.url() + "/cancelled", "[\"batch.cancelled\"]");
            var batch = Batches.inline(tenant, Requests.chat(3, "hook"));
            Batches.awaitStatus(tenant, batch, "completed");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> receiver.received().size() >= 2);

            var first = receiver.received().get(0);
            var second = receiver.received().get(1);
            assertThat(first.webhookId()).startsWith("evt_").isEqualTo(second.webhookId());
            assertThat(first.body()).isEqualTo(second.body());
            var createdAt = db.count("SELECT floor(extract(epoch FROM completed_at))::bigint FROM batches WHERE id = ?", batch);
            assertThat(first.body()).matches("\\{\"id\":\"" + first.webhookId() + "\",\"object\":\"event\",\"type\":\"batch.completed\","
                    + "\"created_at\":\\d+,\"data\":\\{\"id\":\"" + batch + "\"}}");
            var eventCreatedAt = Long.parseLong(first.body().replaceAll(".*\"created_at\":(\\d+).*", "$1"));
            assertThat(eventCreatedAt).isBetween(createdAt - 1, createdAt + 1);
            var secret = endpoint.path("secret").asText();
            // a sample for checking with a Standard Webhooks library by hand (a test secret, nothing to hide)
            System.out.printf("standard-webhooks sample: %s %s %s %s %s%n", secret, second.webhookId(), second.timestamp(),
                    second.signature(), second.body());
            for (var delivery : List.of(first, second)) {
                assertThat(delivery.contentType()).isEqualTo("application/json");
                assertThat(Long.parseLong(delivery.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
                assertThat(delivery.signature()).isEqualTo("v1," + StandardWebhooks.expected(secret, delivery.webhookId(),
                        delivery.timestamp(), delivery.body()));
                assertThat(StandardWebhooks.verifies(secret, delivery.webhookId(), delivery.timestamp(), delivery.body(), delivery.signature()))
                        .isTrue();
                // and as OpenAI's own SDK checks a webhook (its Standard Webhooks verifier), into its batch event type
                var event = OPENAI.webhooks().unwrap(WebhookVerificationParams.builder().payload(delivery.body()).secret(secret)
                        .headers(Headers.builder().put("webhook-id", delivery.webhookId()).put("webhook-timestamp", delivery.timestamp())
                                .put("webhook-signature", delivery.signature()).build())
                        .build());
                assertThat(event.isBatchCompleted()).as(delivery.body()).isTrue();
                assertThat(event.asBatchCompleted().data().id()).isEqualTo(batch);
            }
            assertThatThrownBy(() -> OPENAI.webhooks().verifySignature(WebhookVerificationParams.builder()
                    .payload(first.body().replace(batch, "batch_forged")).secret(secret)
                    .headers(Headers.builder().put("webhook-id", first.webhookId()).put("webhook-timestamp", first.timestamp())
                            .put("webhook-signature", first.signature()).build()).build()))
                    .as("a body changed on the way fails the SDK's check").isInstanceOf(RuntimeException.class);
            assertThat(Duration.between(first.at(), second.at())).as("the first retry comes within a minute")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(4)).isLessThan(Duration.ofMinutes(1));

            var log = new JsonNode[1];
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                log[0] = tenant.get("/v1/webhook_endpoints/" + endpoint.path("id").asText() + "/deliveries").json();
                return log[0].at("/data/0/status").asText().equals("delivered");
            });
            assertThat(log[0].path("data")).hasSize(1);
            var row = log[0].path("data").path(0);
            assertThat(row.path("event_id").asText()).isEqualTo(first.webhookId());
            assertThat(row.path("event_type").asText()).isEqualTo("batch.completed");
            assertThat(row.path("batch_id").asText()).isEqualTo(batch);
            assertThat(row.path("attempts").asInt()).isEqualTo(2);
            assertThat(row.path("last_response_code").asInt()).isEqualTo(200);
            assertThat(row.path("next_attempt_at").isNull()).isTrue();
            assertThat(tenant.get("/v1/webhook_endpoints/" + cancelledOnly.path("id").asText() + "/deliveries").json().path("data"))
                    .as("an endpoint gets only the events it asked for").isEmpty();
            assertThat(receiver.received()).hasSize(2);
        }
    }

    @Test
    void shouldSignWithBothSecretsDuringARotationsGracePeriod() throws Exception {
        var tenant = newTenant("webhook-rotate");
        try (var receiver = WebhookReceiver.answering()) {
            var endpoint = register(tenant, receiver.url(), "[\"batch.completed\"]");
            var rotated = tenant.post("/v1/webhook_endpoints/" + endpoint.path("id").asText() + "/rotate_secret", "").json();
            Batches.inline(tenant, Requests.chat(1, "rotate"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> receiver.received().size() >= 1);
            var delivery = receiver.received().get(0);
            assertThat(delivery.signature().split(" ")).hasSize(2);
            for (var secret : List.of(endpoint.path("secret").asText(), rotated.path("secret").asText())) {
                assertThat(StandardWebhooks.verifies(secret, delivery.webhookId(), delivery.timestamp(), delivery.body(), delivery.signature()))
                        .as("verifies with %s", secret.equals(rotated.path("secret").asText()) ? "the new secret" : "the old secret").isTrue();
            }
        }
    }

    @Test
    void shouldDisableAnEndpointWhoseEveryDeliveryFailedForThreeDays() throws Exception {
        var tenant = newTenant("webhook-outage");
        try (var receiver = WebhookReceiver.answering(503, 503, 503)) {
            var endpoint = register(tenant, receiver.url(), "[\"batch.completed\"]");
            var id = endpoint.path("id").asText();
            // three days of failures, without waiting for them
            db.update("UPDATE webhook_endpoints SET consecutive_failures = 40, failing_since = now() - interval '73 hours' WHERE id = ?", id);
            Batches.inline(tenant, Requests.chat(1, "outage"));
            var read = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                read[0] = tenant.get("/v1/webhook_endpoints/" + id).json();
                return read[0].path("status").asText().equals("disabled");
            });
            assertThat(read[0].path("disabled_reason").asText()).contains("73 h", "41 in a row", "HTTP 503");
            var delivery = tenant.get("/v1/webhook_endpoints/" + id + "/deliveries").json().at("/data/0");
            assertThat(delivery.path("status").asText()).isEqualTo("failed");
            assertThat(delivery.path("last_error").asText()).startsWith("endpoint disabled");
            assertThat(receiver.received()).hasSize(1);

            var enabled = tenant.post("/v1/webhook_endpoints/" + id + "/enable", "").json();
            assertThat(enabled.path("status").asText()).isEqualTo("enabled");
            assertThat(enabled.path("consecutive_failures").asInt()).isZero();
        }
    }

    /** Batch end (its {@code completed_at}) to the receiver's first byte, over ten batches in a row; printed for the report. */
    @Test
    void shouldDeliverWithinSecondsOfTheBatchEnd() throws Exception {
        var tenant = newTenant("webhook-latency");
        try (var receiver = WebhookReceiver.answering()) {
            register(tenant, receiver.url(), "[\"batch.completed\"]");
            List<Long> latenciesMs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                var batch = Batches.inline(tenant, Requests.chat(2, "latency-" + i));
                int seen = i + 1;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> receiver.received().size() >= seen);
                var endedMs = db.count("SELECT floor(extract(epoch FROM completed_at) * 1000)::bigint FROM batches WHERE id = ?", batch);
                latenciesMs.add(receiver.received().get(i).at().toEpochMilli() - endedMs);
            }
            Collections.sort(latenciesMs);
            System.out.printf("webhook delivery latency (batch completed_at → receiver), 10 batches: min %d ms, median %d ms, max %d ms%n",
                    latenciesMs.get(0), latenciesMs.get(5), latenciesMs.get(9));
            assertThat(latenciesMs.get(9)).as("every delivery within seconds: %s", latenciesMs).isLessThan(10_000);
        }
    }

    /**
     * A worker that died mid-attempt left its delivery claimed (attempt 1 started, leased): once
     * the lease has run out, another worker's loop delivers it, under the same event id.
     */
    @Test
    void shouldDeliverWhatADeadWorkerLeftClaimedOnceItsLeaseRanOut() throws Exception {
        var tenant = newTenant("webhook-lease");
        try (var receiver = WebhookReceiver.answering()) {
            var endpoint = register(tenant, receiver.url(), "[\"batch.completed\"]");
            var body = "{\"id\":\"evt_leftbehind\",\"object\":\"event\",\"type\":\"batch.completed\",\"created_at\":1,\"data\":{\"id\":\"batch_gone\"}}";
            db.update("""
                    INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, batch_id, body, attempts, next_attempt_at,
                                                    last_attempt_at, created_at)
                    VALUES ('whd_leftbehind', ?, 'evt_leftbehind', 'batch.completed', 'batch_gone', ?, 1, now() - interval '1 second',
                            now() - interval '61 seconds', now() - interval '61 seconds')""", endpoint.path("id").asText(), body);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> receiver.received().size() >= 1);
            assertThat(receiver.received().get(0).webhookId()).isEqualTo("evt_leftbehind");
            assertThat(receiver.received().get(0).body()).isEqualTo(body);
            await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                    "SELECT count(*) FROM webhook_deliveries WHERE id = 'whd_leftbehind' AND status = 'delivered' AND attempts = 2") == 1);
        }
    }

    /** Whichever way a batch ends, and wherever: the trigger on {@code batches} sees each, updated or created ended. */
    @Test
    void shouldSendTheEventOfEveryWayABatchEnds() throws Exception {
        var issued = Tenants.create(stack.baseUrl(), "webhook-ends");
        var tenant = Http.to(stack.baseUrl()).bearer(issued.key());
        try (var receiver = WebhookReceiver.answering()) {
            var endpoint = register(tenant, receiver.url(), "[\"batch.failed\",\"batch.cancelled\",\"batch.expired\"]");
            var insert = """
                    INSERT INTO batches (id, tenant_id, endpoint, input_file_id, completion_window, priority, status, total, expires_at)
                    VALUES (?, ?, '/v1/chat/completions', 'file-none', '24h', 'normal', ?, 0, now() + interval '1 day')""";
            for (var status : List.of("cancelled", "expired")) {
                db.update(insert, "batch_ends_" + status, issued.tenantId(), "in_progress");
                db.update("UPDATE batches SET status = ? WHERE id = ?", status, "batch_ends_" + status);
            }
            db.update(insert, "batch_ends_failed", issued.tenantId(), "failed"); // a batch created failed
            db.update("UPDATE batches SET status = 'cancelled' WHERE id = 'batch_ends_cancelled'"); // no change, no event
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> receiver.received().size() >= 3);
            var typeAndBatch = ".*\"type\":\"([a-z.]+)\".*\"data\":\\{\"id\":\"([a-z_]+)\".*";
            var types = receiver.received().stream().map(r -> r.body().replaceAll(typeAndBatch, "$1 $2")).sorted().toList();
            assertThat(types).containsExactly("batch.cancelled batch_ends_cancelled", "batch.expired batch_ends_expired",
                    "batch.failed batch_ends_failed");
            assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?", endpoint.path("id").asText()))
                    .as("one event per end, none for a status set again").isEqualTo(3);
        }
    }
}
