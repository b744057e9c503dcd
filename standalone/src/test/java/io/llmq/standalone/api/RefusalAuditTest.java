package io.llmq.standalone.api;

import io.llmq.schema.Ids;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client hammering llmq with a bad key gets a 401 every time, but the audit log gets at most one
 * {@code auth.failed} row per source and minute, whose {@code count} says how many refusals it
 * stands for; what is still counted is written when the submitter stops.
 */
class RefusalAuditTest {
    private static final int REQUESTS = 50;

    @Test
    void shouldAuditFiftyRefusalsOfOneBadKeyAsAFewRowsCountingFifty() throws Exception {
        var stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(), Map.of());
        var db = new Database(stack.postgres());
        var key = "bad-key-" + Ids.random(12);
        var shown = "bad-****" + key.substring(key.length() - 4);
        try {
            var api = Http.to(stack.baseUrl()).bearer(key);
            for (int i = 0; i < REQUESTS; i++) {
                var answer = api.get("/v1/batches");
                assertThat(answer.status()).as("request %d: %s", i, answer.text()).isEqualTo(401);
                assertThat(answer.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
            }

            assertThat(rows(db, shown)).as("the first refusal is written at once, the rest only counted").isBetween(1L, 2L);
        } finally {
            stack.close();
        }
        assertThat(rows(db, shown)).isBetween(1L, 3L);
        assertThat(db.count("SELECT coalesce(sum((details->>'count')::int), 0) FROM audit_log WHERE action = 'auth.failed' AND details->>'key' = ?",
                shown)).as("the rows account for every refusal").isEqualTo(REQUESTS);
    }

    @Test
    void shouldCountRefusedWebLoginsTheSameWay() throws Exception {
        var stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(), Map.of());
        var db = new Database(stack.postgres());
        var before = db.count("SELECT coalesce(max(id), 0) FROM audit_log");
        try {
            var web = Http.to(stack.baseUrl());
            for (int i = 0; i < REQUESTS; i++) {
                var answer = web.send(web.request("/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("api_key=wrong-" + Ids.random(20))));
                assertThat(answer.status()).as("login %d", i).isEqualTo(401);
            }
        } finally {
            stack.close();
        }
        var loginRows = "FROM audit_log WHERE id > ? AND action = 'auth.failed' AND details->>'path' = 'POST /ui/login'";
        assertThat(db.count("SELECT count(*) " + loginRows, before)).isBetween(1L, 3L);
        assertThat(db.count("SELECT coalesce(sum((details->>'count')::int), 0) " + loginRows, before)).isEqualTo(REQUESTS);
    }

    @Test
    void shouldCountRefusedAdminKeysTheSameWay() throws Exception {
        var stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        var db = new Database(stack.postgres());
        var before = db.count("SELECT coalesce(max(id), 0) FROM audit_log");
        try {
            var wrong = Http.to(stack.baseUrl()).bearer("not-the-admin-key-" + Ids.random(8));
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(wrong.get("/admin/tenants").status()).as("admin request %d", i).isEqualTo(401);
            }
        } finally {
            stack.close();
        }
        var adminRows = "FROM audit_log WHERE id > ? AND action = 'admin.auth_failed'";
        assertThat(db.count("SELECT count(*) " + adminRows, before)).isBetween(1L, 3L);
        assertThat(db.count("SELECT coalesce(sum((details->>'count')::int), 0) " + adminRows, before)).isEqualTo(REQUESTS);
    }

    private static long rows(Database db, String shownKey) throws Exception {
        return db.count("SELECT count(*) FROM audit_log WHERE action = 'auth.failed' AND details->>'key' = ?", shownKey);
    }
}
