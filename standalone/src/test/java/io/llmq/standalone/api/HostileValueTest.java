package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Values that parse but that PostgreSQL, {@code long} or {@code BigDecimal} cannot hold (dates past
 * year 9999, {@code 1e400}, a 19-digit event id), and framing or text that is broken in a way the
 * corpus did not cover (a multipart header without a colon, control characters in a file name or
 * in an enum-like field): each is a 400 naming the field, never a 500 and never accepted.
 */
class HostileValueTest {
    private static Stack stack;
    private static Http api;
    private static Http admin;
    private static String batchId;

    private record Case(String name, String param, Callable<Http.Answer> call) {
    }

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        admin = Http.to(stack.baseUrl()).with("X-Admin-Key", Tenants.ADMIN_KEY);
        batchId = api.post("/v1/batches", "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":"
                + Requests.chat(1, "h").array() + "}").json().path("id").asText();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static List<Case> cases() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "hostile").tenantId();
        var budget = "/admin/tenants/" + tenant + "/budgets/day";
        List<Case> cases = new ArrayList<>();
        // times PostgreSQL's timestamptz cannot hold
        cases.add(new Case("usage window in year 300000", "end", () -> api.get("/v1/usage?start=%2B300000-01-01T00:00:00Z&end=%2B300000-01-01T06:00:00Z")));
        cases.add(new Case("usage end before year 1", "end", () -> api.get("/v1/usage?start=-5000-01-01T00:00:00Z&end=-5000-02-01T00:00:00Z")));
        cases.add(new Case("usage end past 9999 in seconds", "end", () -> api.get("/v1/usage?start=999999000000&end=999999999999")));
        cases.add(new Case("price effective_from in year 300000", "effective_from", () -> admin.post("/admin/prices",
                "{\"model\":\"gpt-4o-mini\",\"input\":\"1\",\"output\":\"2\",\"effective_from\":\"+300000-01-01T00:00:00Z\"}")));
        cases.add(new Case("event id of 19 digits", "Last-Event-ID", () -> api.with("Last-Event-ID", "9999999999999999999")
                .get("/v1/batches/" + batchId + "/events")));
        cases.add(new Case("event id past year 9999", "Last-Event-ID", () -> api.with("Last-Event-ID", "999999999999999999")
                .get("/v1/batches/" + batchId + "/events")));
        // amounts a BigDecimal cannot be made from, or that are not amounts
        for (var amount : new String[] {"1e400", "-1e400", "\"NaN\"", "\"Infinity\"", "-1", "\"-0.5\""}) {
            cases.add(new Case("budget hard_usd " + amount, "hard_usd", () -> admin.send(admin.request(budget)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"hard_usd\":" + amount + "}")))));
            cases.add(new Case("price input " + amount, "input", () -> admin.post("/admin/prices",
                    "{\"model\":\"gpt-4o-mini\",\"input\":" + amount + ",\"output\":\"2\"}")));
        }
        cases.add(new Case("tenant limit 1e400", "max_pending_jobs", () -> admin.post("/admin/tenants", "{\"name\":\"n\",\"max_pending_jobs\":1e400}")));
        // broken multipart framing and file names
        cases.add(new Case("multipart header without a colon", null, () -> multipart("Content-Disposition form-data; name=\"file\"")));
        // Jetty's header parser refuses ASCII control bytes itself; the others reach the route
        cases.add(new Case("control byte in a file name", null, () -> multipart(
                "Content-Disposition: form-data; name=\"file\"; filename=\"in\u0001put.jsonl\"")));
        cases.add(new Case("DEL in a file name", null, () -> multipart("Content-Disposition: form-data; name=\"file\"; filename=\"in\u007fput.jsonl\"")));
        cases.add(new Case("C1 control in a file name", "file", () -> multipart(
                "Content-Disposition: form-data; name=\"file\"; filename=\"in\u0085put.jsonl\"")));
        // NUL and other control characters in enum-like fields, which trim() would have swallowed
        for (var priority : new String[] {"high\\u0000", "\\u0000low", "normal\\u0007"}) {
            cases.add(new Case("priority " + priority, "priority", () -> api.post("/v1/batches",
                    "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"priority\":\"" + priority + "\",\"requests\":"
                            + Requests.chat(1, "p").array() + "}")));
        }
        cases.add(new Case("group_by with NUL", "group_by", () -> api.get("/v1/usage?group_by=model%00")));
        return cases;
    }

    @Test
    void shouldAnswerEveryHostileValueWithA400NamingTheField() throws Exception {
        var batchesBefore = batches();
        var softly = new SoftAssertions();
        for (var c : cases()) {
            var answer = c.call().call();
            softly.assertThat(answer.status()).as("%s: %s", c.name(), answer.text()).isEqualTo(400);
            if (answer.status() != 400) {
                continue;
            }
            var body = answer.json();
            softly.assertThat(body.at("/error/code").asText()).as(c.name()).isEqualTo("INVALID_REQUEST");
            softly.assertThat(body.at("/error/message").asText()).as(c.name()).isNotBlank();
            softly.assertThat(answer.header("x-request-id")).as(c.name()).startsWith("req_");
            if (c.param() != null) {
                var param = body.at("/error/param").isTextual() ? body.at("/error/param").asText() : body.at("/error/details/0/param").asText();
                softly.assertThat(param).as("%s: %s", c.name(), answer.text()).isEqualTo(c.param());
            }
        }
        softly.assertThat(batches()).as("no batch was created").isEqualTo(batchesBefore);
        softly.assertAll();
    }

    private static long batches() throws Exception {
        return new Database(stack.postgres()).count("SELECT count(*) FROM batches");
    }

    /** An upload whose file part has the given Content-Disposition line. */
    private static Http.Answer multipart(String disposition) throws Exception {
        var body = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b\r\n" + disposition + "\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + new String(Requests.chat(1, "m").jsonl(), StandardCharsets.UTF_8)
                + "\r\n--b--\r\n";
        return api.send(api.request("/v1/files").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))));
    }
}
