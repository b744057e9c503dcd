package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.schema.webhook.WebhookTargets;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tenant API of webhook endpoints with private targets off (the default outside
 * {@code ./llmq standalone}): shapes, the secret shown only when made, tenants walled off, every
 * bad input a 400 naming its field with nothing stored, and a target that turns private after
 * registration (DNS rebinding) refused by the worker at delivery.
 */
class WebhookEndpointsTest {
    /** A public address as a literal, so registering needs no DNS; TEST-NET-3, so no real host is ever called. */
    private static final String PUBLIC_URL = "https://203.0.113.10/hooks";
    private static Stack stack;
    private static Http api;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, WebhookTargets.ALLOW_PRIVATE_SETTING, "false"));
        // a tenant of its own: the shared database's tenant "default" runs other test classes' batches
        api = Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "webhook-endpoints").key());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() throws Exception {
        // no endpoint of this class outlives it to receive other classes' events
        db.update("DELETE FROM webhook_endpoints WHERE url LIKE 'https://203.0.113.10/%' OR url LIKE 'http://127.0.0.1:%'");
        stack.close();
    }

    @Test
    void shouldDescribeTheEndpointsAndTheEventsInTheOpenApiDocument() throws Exception {
        var doc = Http.to(stack.baseUrl()).get("/openapi.json").json();
        for (var path : new String[] {"/v1/webhook_endpoints", "/v1/webhook_endpoints/{endpoint_id}",
                "/v1/webhook_endpoints/{endpoint_id}/rotate_secret", "/v1/webhook_endpoints/{endpoint_id}/deliveries"}) {
            assertThat(doc.path("paths").has(path)).as(path).isTrue();
        }
        assertThat(doc.path("webhooks").has("batch.completed")).isTrue();
        assertThat(doc.at("/components/schemas/WebhookEvent/required").toString()).contains("data");
    }

    @Test
    void shouldRegisterAnEndpointAndShowItsSecretOnlyWhenMade() throws Exception {
        var created = api.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        var endpoint = created.json();
        assertThat(endpoint.path("id").asText()).startsWith("we_");
        assertThat(endpoint.path("object").asText()).isEqualTo("webhook_endpoint");
        assertThat(endpoint.path("url").asText()).isEqualTo(PUBLIC_URL);
        assertThat(Json.MAPPER.convertValue(endpoint.path("events"), String[].class))
                .containsExactly("batch.completed", "batch.failed", "batch.cancelled", "batch.expired");
        var secret = endpoint.path("secret").asText();
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]+={0,2}");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);
        assertThat(endpoint.path("created_at").asLong()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(endpoint.path("status").asText()).isEqualTo("enabled");

        var read = api.get("/v1/webhook_endpoints/" + endpoint.path("id").asText()).json();
        assertThat(read.has("secret")).as("the secret is shown once").isFalse();
        assertThat(read.path("url").asText()).isEqualTo(PUBLIC_URL);
        var list = api.get("/v1/webhook_endpoints").json();
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsText("id")).contains(endpoint.path("id").asText());
        assertThat(list.path("data").findValues("secret")).isEmpty();
        assertThat(list.path("has_more").asBoolean()).isFalse();

        var chosen = api.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"batch.failed\",\"batch.failed\"]}");
        assertThat(Json.MAPPER.convertValue(chosen.json().path("events"), String[].class)).containsExactly("batch.failed");
    }

    @Test
    void shouldShowAnotherTenantsEndpointToNobodyElse() throws Exception {
        var mine = api.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}").json().path("id").asText();
        var other = Tenants.create(stack.baseUrl(), "webhook-neighbour");
        var theirs = Http.to(stack.baseUrl()).bearer(other.key());
        var unknown = theirs.get("/v1/webhook_endpoints/we_doesnotexist").json().at("/error/message").asText();
        for (var answer : new Http.Answer[] {theirs.get("/v1/webhook_endpoints/" + mine), theirs.delete("/v1/webhook_endpoints/" + mine),
                theirs.post("/v1/webhook_endpoints/" + mine + "/rotate_secret", ""), theirs.post("/v1/webhook_endpoints/" + mine + "/enable", ""),
                theirs.get("/v1/webhook_endpoints/" + mine + "/deliveries")}) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(404);
            assertThat(answer.json().at("/error/message").asText()).isEqualTo(unknown.replace("we_doesnotexist", mine));
        }
        assertThat(theirs.get("/v1/webhook_endpoints").json().path("data").findValuesAsText("id")).doesNotContain(mine);
        assertThat(api.get("/v1/webhook_endpoints/" + mine).status()).as("still there for its owner").isEqualTo(200);
    }

    @Test
    void shouldRefuseBadInputNamingTheFieldAndStoreNothing() throws Exception {
        var before = db.count("SELECT count(*) FROM webhook_endpoints");
        var tooLong = "https://203.0.113.10/" + "a".repeat(2100);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "url");
        cases.put("{\"url\": 7}", "url");
        cases.put("{\"url\":\"ftp://files.example.com/in\"}", "url");
        cases.put("{\"url\":\"not a url\"}", "url");
        cases.put("{\"url\":\"" + tooLong + "\"}", "url");
        cases.put("{\"url\":\"https://user:pw@203.0.113.10/h\"}", "url");
        cases.put("{\"url\":\"https://203.0.113.10:70000/h\"}", "url");
        cases.put("{\"url\":\"http://127.0.0.1:9/h\"}", "url");
        cases.put("{\"url\":\"http://localhost:8080/h\"}", "url");
        cases.put("{\"url\":\"http://169.254.169.254/latest/meta-data/\"}", "url");
        cases.put("{\"url\":\"http://10.1.2.3/h\"}", "url");
        cases.put("{\"url\":\"http://[::1]/h\"}", "url");
        cases.put("{\"url\":\"http://[fd00:ec2::254]/h\"}", "url");
        cases.put("{\"url\":\"http://224.0.0.1/h\"}", "url");
        cases.put("{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"batch.done\"]}", "events[0]");
        cases.put("{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"batch.completed\", 3]}", "events[1]");
        cases.put("{\"url\":\"" + PUBLIC_URL + "\",\"events\":[]}", "events");
        cases.put("{\"url\":\"" + PUBLIC_URL + "\",\"events\":\"batch.completed\"}", "events");
        cases.put("{\"url\":\"" + PUBLIC_URL + "\",\"secret\":\"whsec_mine\"}", "secret");
        for (var c : cases.entrySet()) {
            var answer = api.post("/v1/webhook_endpoints", c.getKey());
            assertThat(answer.status()).as(c.getKey() + " → " + answer.text()).isEqualTo(400);
            var error = answer.json().path("error");
            assertThat(error.path("code").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(error.path("param").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(error.path("request_id").asText()).isEqualTo(answer.header("x-request-id"));
        }
        var privateTarget = api.post("/v1/webhook_endpoints", "{\"url\":\"http://127.0.0.1:9/h\"}").json().at("/error/message").asText();
        assertThat(privateTarget).contains("127.0.0.1", "private", WebhookTargets.ALLOW_PRIVATE_SETTING);
        assertThat(api.post("/v1/webhook_endpoints", "[1]").status()).isEqualTo(400);
        assertThat(db.count("SELECT count(*) FROM webhook_endpoints")).isEqualTo(before);
    }

    @Test
    void shouldRotateTheSecretKeepingTheOldOneForItsGracePeriod() throws Exception {
        var endpoint = api.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}").json();
        var id = endpoint.path("id").asText();
        var rotated = api.post("/v1/webhook_endpoints/" + id + "/rotate_secret", "").json();
        assertThat(rotated.path("secret").asText()).startsWith("whsec_").isNotEqualTo(endpoint.path("secret").asText());
        assertThat(rotated.path("previous_secret_expires_at").asLong())
                .isCloseTo(Instant.now().plus(Duration.ofHours(24)).getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        var revoked = api.post("/v1/webhook_endpoints/" + id + "/rotate_secret", "{\"grace_period_seconds\": 0}").json();
        assertThat(revoked.has("previous_secret_expires_at")).as("the old secret stops at once").isFalse();
        var bad = api.post("/v1/webhook_endpoints/" + id + "/rotate_secret", "{\"grace_period_seconds\": -1}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/param").asText()).isEqualTo("grace_period_seconds");
    }

    @Test
    void shouldDeleteAnEndpoint() throws Exception {
        var id = api.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}").json().path("id").asText();
        var deleted = api.delete("/v1/webhook_endpoints/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.json().path("id").asText()).isEqualTo(id);
        assertThat(api.get("/v1/webhook_endpoints/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/v1/webhook_endpoints/" + id).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseMoreEndpointsThanATenantMayHave() throws Exception {
        var tenant = Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "webhook-many").key());
        for (int i = 0; i < 20; i++) {
            assertThat(tenant.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + i + "\"}").status()).isEqualTo(201);
        }
        var refused = tenant.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/error/message").asText()).contains("20");
    }

    /**
     * A name that resolved publicly at registration may point inside later: the worker checks the
     * addresses it connects to, so the receiver on 127.0.0.1 never hears from llmq.
     */
    @Test
    void shouldNotDeliverToATargetThatTurnedPrivateAfterRegistration() throws Exception {
        try (var receiver = WebhookReceiver.answering()) {
            var id = api.post("/v1/webhook_endpoints", "{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"batch.completed\"]}")
                    .json().path("id").asText();
            db.update("UPDATE webhook_endpoints SET url = ? WHERE id = ?", receiver.url(), id); // what a changed DNS answer amounts to
            var batch = Batches.inline(api, Requests.chat(2, "rebind"));
            Batches.awaitStatus(api, batch, "completed");
            var delivery = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                delivery[0] = api.get("/v1/webhook_endpoints/" + id + "/deliveries").json().path("data").path(0);
                return delivery[0].path("attempts").asInt() >= 1 && !delivery[0].path("last_error").isNull();
            });
            assertThat(delivery[0].path("last_error").asText()).startsWith("refused:").contains("127.0.0.1");
            assertThat(delivery[0].path("status").asText()).isEqualTo("pending");
            assertThat(delivery[0].path("last_response_code").isNull()).isTrue();
            assertThat(receiver.received()).isEmpty();
        }
    }
}
