package io.llmq.standalone.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.simulator.Fault;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium: filter and search the list, see a row move without a
 * reload, the batch page's errors by code, charts, webhook delivery and hold, retry the failed
 * lines and cancel a batch through their confirmation pages, the usage chart and held batches, the
 * providers page, another tenant's batch as
 * a 404, and the list at phone width. A screenshot of each page goes to
 * {@code target/screenshots} (copied by hand into {@code docs/web-screenshots}).
 */
class ConsoleBrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");
    private static Stack stack;
    private static ApiClient api;
    private static ConsoleRows rows;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        api = new ApiClient(stack.baseUrl(), stack.apiKey());
        rows = new ConsoleRows(stack.postgres());
        rows.webhookEndpoint();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String submit(List<String> models, String team) throws Exception {
        var text = new StringBuilder();
        for (int i = 0; i < models.size(); i++) {
            var line = Json.object().put("custom_id", team + "-" + (i + 1)).put("method", "POST").put("url", "/v1/chat/completions");
            var body = line.putObject("body").put("model", models.get(i)).put("max_tokens", 8);
            body.putArray("messages").addObject().put("role", "user").put("content", "Console fact " + i);
            text.append(Json.toText(line)).append('\n');
        }
        var file = api.uploadBatchFile(team + ".jsonl", text.toString().getBytes(StandardCharsets.UTF_8)).path("id").asText();
        var body = Json.object().put("input_file_id", file).put("endpoint", "/v1/chat/completions").put("completion_window", "24h");
        body.putObject("metadata").put("team", team);
        return post("/v1/batches", Json.toText(body)).path("id").asText();
    }

    private static JsonNode post(String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).header("Authorization", "Bearer " + stack.apiKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return Json.MAPPER.readTree(answer.body());
    }

    private static JsonNode awaitStatus(String id, List<String> statuses) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> api.batch(id), b -> statuses.contains(b.path("status").asText()));
    }

    private static void awaitTrue(DevTools browser, String expression) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> browser.eval(expression).asBoolean());
    }

    /** Opens a page, waits for it, and checks it holds nothing the strict CSP would refuse: no inline style or script. */
    private static void open(DevTools browser, String path, String ready) throws Exception {
        browser.navigate(stack.baseUrl() + path);
        awaitTrue(browser, "document.readyState === 'complete' && " + ready);
        assertThat(browser.eval("document.querySelectorAll('[style], style').length === 0 && Array.from(document.scripts)"
                + ".every(s => s.src.endsWith('/ui/static/app.js') || s.type === 'application/json')").asBoolean()).as(path).isTrue();
    }

    @Test
    void shouldFilterActOnBatchesAndShowUsageAndProviders() throws Exception {
        stack.simulator().inject(Fault.status(400).code("context_length_exceeded").forModel("gpt-4.1-nano").times(3));
        var search = submit(List.of("gpt-4o-mini", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4.1-nano"), "search");
        var other = submit(List.of("gpt-4o-mini", "gpt-4o-mini"), "ads");
        awaitStatus(search, List.of("completed"));
        awaitStatus(other, List.of("completed"));
        try (var browser = DevTools.start()) {
            browser.viewport(1280, 900);
            open(browser, "/ui", "document.querySelector('form.login') !== null");
            browser.screenshot(SHOTS.resolve("login.png"));
            browser.eval("document.querySelector('input[name=api_key]').value = '" + stack.apiKey() + "'; document.querySelector('form.login').submit(); true");
            awaitTrue(browser, "document.getElementById('batches') !== null");

            // filter by metadata, search by custom_id, a filter nothing matches, a bad value
            open(browser, "/ui?meta_key=team&meta_value=search", "document.getElementById('batches') !== null");
            assertThat(browser.eval("Array.from(document.querySelectorAll('tr.batch')).map(r => r.dataset.batch).join()").asText()).isEqualTo(search);
            browser.screenshot(SHOTS.resolve("batches.png"));
            browser.eval("document.querySelector('input[name=q]').value = 'ads-2'; document.querySelector('input[name=meta_key]').value = '';"
                    + " document.querySelector('input[name=meta_value]').value = ''; document.getElementById('filters').submit(); true");
            awaitTrue(browser, "location.search.includes('q=ads-2') && document.querySelectorAll('tr.batch').length === 1");
            assertThat(browser.eval("document.querySelector('tr.batch').dataset.batch").asText()).isEqualTo(other);
            open(browser, "/ui?status=cancelled", "document.getElementById('no-match') !== null");
            open(browser, "/ui?from=yesterday", "document.querySelector('p.error[data-field=from]') !== null");

            // the batch page: errors by code, charts with tokens and cost
            open(browser, "/ui/batches/" + search, "document.getElementById('error-groups') !== null");
            assertThat(browser.eval("document.querySelector('tr.error-group[data-code=context_length_exceeded] .count').textContent").asText()).isEqualTo("3");
            assertThat(browser.eval("document.querySelectorAll('#chart-tokens rect').length > 0 && document.querySelectorAll('#chart-cost rect').length > 0").asBoolean()).isTrue();
            assertThat(browser.eval("document.getElementById('copy-curl').dataset.copy").asText()).contains("/v1/batches/" + search);
            assertThat(browser.eval("document.querySelector('#deliveries tr.delivery').textContent").asText()).contains("batch.completed");
            browser.screenshot(SHOTS.resolve("batch.png"));
            var csv = browser.eval("fetch('/ui/batches/" + search + "/errors.csv').then(r => r.text())").asText().split("\r\n");
            assertThat(csv[0]).startsWith("line,custom_id,status,status_code");
            assertThat(csv).filteredOn(l -> l.contains("context_length_exceeded")).hasSize(3);

            // from here no worker runs: the retry's child and the running batch below stay running (held, cancelled)
            stack.haltWorker(stack.workers().getFirst());

            // retry the failed lines: confirmation, then the child's page
            browser.eval("document.getElementById('retry').click(); true");
            awaitTrue(browser, "document.getElementById('confirm') !== null");
            browser.screenshot(SHOTS.resolve("confirm-retry.png"));
            browser.eval("document.getElementById('confirm').click(); true");
            awaitTrue(browser, "document.getElementById('notice') !== null && document.getElementById('batch') !== null");
            var child = browser.eval("document.getElementById('batch').dataset.batch").asText();
            assertThat(child).isNotEqualTo(search);
            assertThat(api.batch(child).path("metadata").path("llmq_parent_batch").asText()).isEqualTo(search);
            assertThat(api.batch(child).path("request_counts").path("total").asInt()).isEqualTo(3);

            // a running batch: its row moves without a reload, then cancel it from its page
            var running = submit(List.of("gpt-4o-mini", "gpt-4o-mini", "gpt-4o-mini"), "cancel");
            open(browser, "/ui", "document.querySelector('tr.batch[data-batch=\"" + running + "\"]') !== null");
            browser.eval("window.llmqSamePage = 'yes'; true");
            post("/v1/batches/" + running + "/cancel", "{}");
            awaitTrue(browser, "['cancelling', 'cancelled'].includes(document.querySelector('tr.batch[data-batch=\"" + running + "\"] .status').textContent)");
            assertThat(browser.eval("window.llmqSamePage").asText()).as("updated live, not reloaded").isEqualTo("yes");
            var second = submit(List.of("gpt-4o-mini", "gpt-4o-mini"), "cancel2");
            open(browser, "/ui/batches/" + second, "document.getElementById('cancel') !== null");
            browser.eval("document.getElementById('cancel').click(); true");
            awaitTrue(browser, "document.getElementById('confirm') !== null");
            browser.eval("document.getElementById('confirm').click(); true");
            awaitTrue(browser, "document.getElementById('notice') !== null");
            assertThat(awaitStatus(second, List.of("cancelling", "cancelled")).path("status").asText()).startsWith("cancel");
            // the same cancel again is refused as the API refuses it once the batch has ended otherwise
            open(browser, "/ui/batches/" + search + "/cancel", "document.getElementById('confirm') !== null");
            browser.eval("document.getElementById('confirm').click(); true");
            awaitTrue(browser, "document.querySelector('p.error[data-code=BATCH_ENDED]') !== null");

            // a held batch (the retry, which waits for a worker): why and until when, on its page and among the held on the usage page
            rows.holdOverBudget(child);
            open(browser, "/ui/batches/" + child, "document.getElementById('hold') !== null");
            assertThat(browser.eval("document.getElementById('hold').textContent").asText()).contains("over_budget", "hard budget", "until");

            // usage and budgets, providers; the hold set again, as a worker elsewhere on the shared database may clear holds
            rows.holdOverBudget(child);
            open(browser, "/ui/usage", "document.querySelectorAll('#usage-chart rect').length > 0");
            assertThat(browser.eval("document.querySelectorAll('#usage tr.usage').length").asInt()).isPositive();
            assertThat(browser.eval("document.getElementById('held').textContent").asText()).contains(child);
            browser.screenshot(SHOTS.resolve("usage.png"));
            open(browser, "/ui/providers", "document.querySelectorAll('#providers tr.deployment').length > 0");
            browser.screenshot(SHOTS.resolve("providers.png"));

            // another tenant's batch is a 404 on its page and absent from the live rows
            var foreign = rows.foreignBatch();
            open(browser, "/ui/batches/" + foreign, "document.querySelector('h1').textContent === 'Not found'");
            browser.navigate(stack.baseUrl() + "/ui/batches.json?ids=" + foreign + "," + search);
            awaitTrue(browser, "document.body.textContent.includes('" + search + "')");
            assertThat(browser.eval("document.body.textContent").asText()).doesNotContain(foreign);

            // phone width: the page does not scroll sideways (wide tables scroll in their own box)
            browser.viewport(390, 844);
            open(browser, "/ui?meta_key=team", "document.getElementById('batches') !== null");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).isTrue();
            browser.screenshot(SHOTS.resolve("batches-phone.png"));
        }
    }

    @Test
    void shouldShowEveryBatchOnceWhenPagingByKeysetEvenWhenManyShareACreationTime() throws Exception {
        // 130 batches in two instants: the id must break the ties, or a page boundary would skip or repeat rows
        rows.batchesInTwoInstants(130);
        var session = login();
        List<String> seen = new ArrayList<>();
        var path = "/ui?meta_key=page&meta_value=keyset";
        var pages = 0;
        while (path != null) {
            var html = get(session, path);
            var ids = Pattern.compile("data-batch=\"(batch_keyset_\\d+)\"").matcher(html);
            while (ids.find()) {
                seen.add(ids.group(1));
            }
            var older = Pattern.compile("id=\"older\" rel=\"next\" href=\"([^\"]+)\"").matcher(html);
            path = older.find() ? older.group(1).replace("&amp;", "&") : null;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(130).doesNotHaveDuplicates();
        assertThat(get(session, "/ui?after=not-a-cursor")).contains("data-field=\"after\"");
        var csp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/ui")).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).startsWith("default-src 'self'").doesNotContain("unsafe-inline");
    }

    @Test
    void shouldRefuseACancelWithoutItsPagesFormToken() throws Exception {
        var session = login();
        var id = submit(List.of("gpt-4o-mini"), "token");
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/ui/batches/" + id + "/cancel"))
                .header("Cookie", session).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("form_token=guessed")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("SESSION_REQUIRED");
        assertThat(api.batch(id).path("status").asText()).isNotIn("cancelling", "cancelled");
    }

    private static String login() throws Exception {
        var form = "api_key=" + URLEncoder.encode(stack.apiKey(), StandardCharsets.UTF_8);
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding());
        var cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static String get(String session, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
