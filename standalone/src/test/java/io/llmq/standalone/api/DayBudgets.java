package io.llmq.standalone.api;

import io.llmq.standalone.Stack;

import java.net.http.HttpRequest;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sets a tenant's day budget through the admin API and waits until every worker of the stack has read it. */
final class DayBudgets {

    private DayBudgets() {
    }

    static void set(Http admin, Stack stack, String tenantId, String json) throws Exception {
        var answer = admin.send(admin.request("/admin/tenants/" + tenantId + "/budgets/day")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        // workers re-read budgets every second: the batch is submitted once every worker has this one
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> stack.workers().stream().allMatch(w -> w.budgets().hasHardBudget(tenantId)));
    }
}
