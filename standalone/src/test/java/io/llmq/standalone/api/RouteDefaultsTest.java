package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.llmq.standalone.api.ProviderBatchRuns.awaitEnded;
import static io.llmq.standalone.api.ProviderBatchRuns.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch that names no {@code llmq_route} takes its tenant's default for its class (set through the
 * admin API), else the stack's; on real Kafka, PostgreSQL and the simulator's batch APIs. The stack
 * here ships {@code LLMQ_DEFAULT_ROUTE_LOW=auto} to show the stack's setting too.
 */
class RouteDefaultsTest {
    private static Stack stack;
    private static Http admin;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(20)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_PROVIDER_BATCH_POLL_MS", "300", "LLMQ_DEFAULT_ROUTE_LOW", "auto"));
        admin = Http.to(stack.baseUrl()).with("X-Admin-Key", Tenants.ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldSendAnUnnamedNormalBatchThroughProviderBatchesWhenItsTenantDefaultsNormalToAuto() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "route-default");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());

        var set = admin.patch("/admin/tenants/" + tenant.tenantId(), "{\"default_route\": {\"normal\": \"auto\"}}");

        assertThat(set.status()).as(set.text()).isEqualTo(200);
        var read = admin.get("/admin/tenants/" + tenant.tenantId()).json();
        assertThat(read.at("/default_route/normal").asText()).isEqualTo("auto");
        assertThat(read.at("/default_route/high").asText()).isEqualTo("sync");
        assertThat(read.at("/default_route/low").asText()).as("the stack's setting").isEqualTo("auto");
        assertThat(read.at("/default_route_overridden/normal").asBoolean()).isTrue();
        assertThat(read.at("/default_route_overridden/low").asBoolean()).isFalse();

        var unnamed = awaitEnded(api, create(api, batch("normal", null)));
        var namedSync = awaitEnded(api, create(api, batch("normal", "sync")));
        var high = awaitEnded(api, create(api, batch("high", null)));

        assertThat(unnamed.path("status").asText()).as(unnamed.toString()).isEqualTo("completed");
        assertThat(unnamed.at("/llmq/route").asText()).isEqualTo("provider_batch");
        assertThat(unnamed.at("/llmq/provider_batches")).hasSize(1);
        assertThat(unnamed.at("/request_counts/completed").asInt()).isEqualTo(4);
        assertThat(namedSync.at("/llmq/route").asText()).as("what the batch names wins").isEqualTo("sync");
        assertThat(namedSync.at("/llmq/provider_batches")).isEmpty();
        assertThat(high.at("/llmq/route").asText()).as("high stays sync under auto").isEqualTo("sync");
        assertThat(high.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void shouldTakeTheStacksDefaultForAClassTheTenantDoesNotSetAndPutItBackOnNull() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "route-stack");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());

        var low = awaitEnded(api, create(api, batch("low", null)));
        admin.patch("/admin/tenants/" + tenant.tenantId(), "{\"default_route\": {\"low\": \"sync\"}}");
        var lowSync = awaitEnded(api, create(api, batch("low", null)));
        var cleared = admin.patch("/admin/tenants/" + tenant.tenantId(), "{\"default_route\": {\"low\": null}}").json();

        assertThat(low.at("/llmq/route").asText()).isEqualTo("provider_batch");
        assertThat(lowSync.at("/llmq/route").asText()).isEqualTo("sync");
        assertThat(lowSync.path("status").asText()).isEqualTo("completed");
        assertThat(cleared.at("/default_route/low").asText()).isEqualTo("auto");
        assertThat(cleared.at("/default_route_overridden/low").asBoolean()).isFalse();
        var created = admin.post("/admin/tenants", "{\"name\": \"routed\", \"default_route\": {\"high\": \"auto\"}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().at("/default_route/high").asText()).as("set at create").isEqualTo("auto");
    }

    @Test
    void shouldRefuseABadDefaultRouteNamingTheFieldAndChangeNothing() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "route-bad");
        var path = "/admin/tenants/" + tenant.tenantId();
        var before = admin.get(path).json();

        var notADefault = admin.patch(path, "{\"max_pending_jobs\": 7, \"default_route\": {\"normal\": \"auto\", \"low\": \"provider_batch\"}}");
        var noClass = admin.patch(path, "{\"default_route\": {\"urgent\": \"sync\"}}");
        var badCreate = admin.post("/admin/tenants", "{\"name\": \"bad\", \"default_route\": \"auto\"}");

        assertThat(notADefault.status()).isEqualTo(400);
        assertThat(notADefault.json().at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(notADefault.json().at("/error/details/0/param").asText()).as(notADefault.text()).isEqualTo("default_route.low");
        assertThat(notADefault.json().at("/error/message").asText()).contains("sync or auto", "provider_batch");
        assertThat(notADefault.json().at("/error/request_id").asText()).isEqualTo(notADefault.header("x-request-id"));
        assertThat(noClass.json().at("/error/details/0/param").asText()).isEqualTo("default_route.urgent");
        assertThat(badCreate.status()).isEqualTo(400);
        assertThat(badCreate.json().at("/error/details/0/param").asText()).isEqualTo("default_route");
        var after = admin.get(path).json();
        assertThat(after.path("limits")).as("nothing changed").isEqualTo(before.path("limits"));
        assertThat(after.path("default_route")).isEqualTo(before.path("default_route"));
    }

    /** Four chat requests, unnamed route unless {@code route} is given. */
    private static ObjectNode batch(String priority, String route) {
        var body = ProviderBatchRuns.body(Requests.chat(4, "rd-" + priority), route == null ? "sync" : route);
        body.put("priority", priority);
        if (route == null) {
            body.remove("metadata");
        }
        return body;
    }
}
