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
 * The admin API (tenants, keys shown once and stored hashed, revocation, audit log), tenants
 * walled off from each other (another tenant's ids are simply not found), and per-tenant limits
 * on enqueued work answered with 429 and {@code Retry-After}.
 */
class TenantAdminTest {
    private static Stack stack;
    private static Http admin;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofSeconds(2)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_TENANT_RETRY_AFTER_SECONDS", "17"));
        admin = Http.to(stack.baseUrl()).bearer(Tenants.ADMIN_KEY);
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldIssueAKeyOnceStoreOnlyItsHashAndAuditEveryStep() throws Exception {
        var tenantId = "acme-" + Ids.random(6).toLowerCase();
        var tenant = admin.post("/admin/tenants", "{\"id\":\"" + tenantId + "\",\"name\":\"Acme\"}");
        assertThat(tenant.status()).isEqualTo(201);
        assertThat(tenant.json().path("limits").path("max_pending_jobs").asLong()).isPositive();
        assertThat(admin.post("/admin/tenants", "{\"id\":\"" + tenantId + "\",\"name\":\"Again\"}").status()).isEqualTo(409);

        var issued = admin.post("/admin/tenants/" + tenantId + "/keys", "{\"name\":\"ci\"}").json();
        var key = issued.path("key").asText();
        assertThat(key).startsWith("llmq-").hasSizeGreaterThan(40);
        assertThat(db.count("SELECT count(*) FROM api_keys WHERE key_prefix = ? AND key_hash = sha256(?::bytea)", key.substring(0, 12), key))
                .isEqualTo(1);
        var listed = admin.get("/admin/tenants/" + tenantId + "/keys").json().path("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("key")).as("a key is shown once, when issued").isFalse();
        assertThat(admin.get("/admin/tenants").json().path("data").findValuesAsText("id")).contains(tenantId);

        var api = Http.to(stack.baseUrl()).bearer(key);
        assertThat(api.get("/v1/batches").status()).isEqualTo(200);
        assertThat(api.get("/v1/files").status()).isEqualTo(200);

        var revoked = admin.post("/admin/keys/" + issued.path("id").asText() + "/revoke", "");
        assertThat(revoked.json().path("revoked_at").isTextual()).isTrue();
        assertThat(api.get("/v1/batches").status()).isEqualTo(401);

        var audit = admin.get("/admin/audit?tenant_id=" + tenantId).json().path("data");
        assertThat(audit.findValuesAsText("action")).contains("tenant.create", "key.issue", "key.first_use", "key.revoke");
        assertThat(audit.get(0).path("remote_addr").asText()).isNotBlank();
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'auth.failed' AND details->>'key' LIKE ?",
                key.substring(0, 4) + "%")).isPositive();
    }

    @Test
    void shouldRefuseTheAdminApiWithoutTheAdminKeyAndAuditIt() throws Exception {
        var failedBefore = db.count("SELECT count(*) FROM audit_log WHERE action = 'admin.auth_failed'");
        var noKey = Http.to(stack.baseUrl()).get("/admin/tenants");
        var tenantKey = Http.to(stack.baseUrl()).bearer(stack.apiKey()).get("/admin/tenants");

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(noKey.json().at("/error/request_id").asText()).isEqualTo(noKey.header("x-request-id"));
        assertThat(tenantKey.status()).as("a tenant's API key is not an admin key").isEqualTo(401);
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'admin.auth_failed'")).isEqualTo(failedBefore + 2);
    }

    @Test
    void shouldWallTenantsOffFromEachOthersFilesBatchesResultsAndCosts() throws Exception {
        var alice = Tenants.create(stack.baseUrl(), "alice");
        var bob = Tenants.create(stack.baseUrl(), "bob");
        var aliceApi = Http.to(stack.baseUrl()).bearer(alice.key());
        var bobApi = Http.to(stack.baseUrl()).bearer(bob.key());
        var file = aliceApi.upload(Requests.chat(2, "private").jsonl(), "batch").json().path("id").asText();
        var batch = aliceApi.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "24h")).json().path("id").asText();

        for (var path : new String[] {"/v1/files/" + file, "/v1/files/" + file + "/content", "/v1/batches/" + batch,
                "/v1/batches/" + batch + "/results"}) {
            var answer = bobApi.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.text()).as("a 404 for another tenant's id is the same as for no id").doesNotContain(alice.tenantId());
        }
        assertThat(bobApi.post("/v1/batches/" + batch + "/cancel", "").status()).isEqualTo(404);
        assertThat(bobApi.delete("/v1/files/" + file).status()).isEqualTo(404);
        assertThat(bobApi.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "24h")).status()).isEqualTo(404);
        assertThat(bobApi.get("/v1/batches?after=" + batch).json().path("data")).isEmpty();

        await().atMost(Duration.ofSeconds(30)).until(() -> aliceApi.get("/v1/batches/" + batch).json().path("status").asText().equals("completed"));
        assertThat(aliceApi.get("/v1/usage?group_by=batch").json().at("/total/requests").asLong()).isEqualTo(2);
        assertThat(bobApi.get("/v1/usage?group_by=batch").json().at("/total/requests").asLong()).isZero();
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenATenantsEnqueuedWorkIsFull() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "small");
        assertThat(admin.patch("/admin/tenants/" + tenant.tenantId(), "{\"max_pending_jobs\": 30}").json()
                .at("/limits/max_pending_jobs").asLong()).isEqualTo(30);
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var file = api.upload(Requests.chat(20, "fill").jsonl(), "batch").json().path("id").asText();
        var first = api.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "24h"));
        assertThat(first.status()).isEqualTo(200);

        var batchesBefore = db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", tenant.tenantId());
        var second = api.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "24h"));
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.header("Retry-After")).isEqualTo("17");
        assertThat(second.json().at("/error/code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(second.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", tenant.tenantId())).isEqualTo(batchesBefore);

        var tooBig = api.upload(Requests.chat(31, "big").jsonl(), "batch").json().path("id").asText();
        assertThat(api.post("/v1/batches", Requests.batchOf(tooBig, "/v1/chat/completions", "24h")).json().at("/error/message").asText())
                .contains("Split it");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/batches/" + first.json().path("id").asText()).json().path("status").asText().equals("completed"));
        assertThat(api.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "24h")).status())
                .as("finished work frees the tenant's room").isEqualTo(200);
    }
}
