package io.llmq.standalone.web;

import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium}, installed by
 * {@link Chromium} if missing): log in with the API key, watch a running batch's counts move
 * without a reload (server-sent events), see it end, download its results. The provider takes a
 * second a call, so the batch runs for several seconds once the worker joins.
 */
class WebPageBrowserTest {
    private static final int JOBS = 320;
    private static Stack stack;

    @TempDir
    Path downloads;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofSeconds(1)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        // no worker until the page is open: the batch waits
        stack.haltWorker(stack.workers().getFirst());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String lines(int count) {
        var text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            var line = Json.object().put("custom_id", "web-" + i).put("method", "POST").put("url", "/v1/chat/completions");
            var body = line.putObject("body").put("model", "gpt-4o-mini").put("max_tokens", 8);
            body.putArray("messages").addObject().put("role", "user").put("content", "Say something about line " + i);
            text.append(Json.toText(line)).append('\n');
        }
        return text.toString();
    }

    private static void awaitTrue(DevTools browser, String expression, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> browser.eval(expression).asBoolean());
    }

    private static int done(DevTools browser) throws Exception {
        return Integer.parseInt(browser.eval("document.getElementById('done').textContent").asText());
    }

    @Test
    void shouldLogInShowARunningBatchsProgressMovingAndDownloadItsResults() throws Exception {
        var base = stack.baseUrl();
        try (var browser = DevTools.start()) {
            browser.navigate(base + "/ui");
            awaitTrue(browser, "document.querySelector('form.login') !== null", Duration.ofSeconds(30));

            browser.eval("document.querySelector('input[name=api_key]').value = 'not-a-key-of-this-llmq'; document.querySelector('form.login').submit(); true");
            awaitTrue(browser, "(document.querySelector('p.error') || {}).textContent === 'That API key is unknown or revoked.'", Duration.ofSeconds(30));
            browser.eval("document.querySelector('input[name=api_key]').value = '" + stack.apiKey() + "'; document.querySelector('form.login').submit(); true");
            awaitTrue(browser, "document.getElementById('batches') !== null", Duration.ofSeconds(30));
            assertThat(browser.eval("location.href").asText()).doesNotContain(stack.apiKey());
            assertThat(browser.eval("document.cookie").asText()).as("the session cookie is HttpOnly").doesNotContain("llmq_session");

            var api = new ApiClient(base, stack.apiKey());
            var file = api.uploadBatchFile("web.jsonl", lines(JOBS).getBytes(StandardCharsets.UTF_8));
            var id = api.createBatch(file.path("id").asText(), "normal").path("id").asText();

            browser.navigate(base + "/ui/batches/" + id);
            awaitTrue(browser, "(document.getElementById('status') || {}).textContent === 'in_progress'", Duration.ofSeconds(30));
            assertThat(done(browser)).isZero();
            assertThat(browser.eval("document.getElementById('total').textContent").asText()).isEqualTo(Integer.toString(JOBS));
            browser.eval("window.llmqSamePage = 'yes'; true");

            stack.addWorker();
            var first = new AtomicInteger();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                var n = done(browser);
                first.set(n);
                return n > 0 && n < JOBS;
            });
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> done(browser) > first.get());
            assertThat(browser.eval("window.llmqSamePage").asText()).as("updated live, not reloaded").isEqualTo("yes");

            awaitTrue(browser, "document.getElementById('batch').getAttribute('data-ended') === 'true'", Duration.ofSeconds(120));
            assertThat(browser.eval("document.getElementById('status').textContent").asText()).isEqualTo("completed");
            assertThat(done(browser)).isEqualTo(JOBS);
            assertThat(browser.eval("document.getElementById('in-flight').textContent").asText()).isEqualTo("0");
            assertThat(browser.eval("document.getElementById('cost').textContent").asText()).matches("0\\.\\d{4}");
            assertThat(browser.eval("document.querySelectorAll('#chart rect').length").asInt()).as("throughput chart").isPositive();

            browser.allowDownloads(downloads);
            browser.eval("document.getElementById('download-output').click(); true");
            var output = downloads.resolve(id + "_output.jsonl");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> Files.exists(output) && Files.readAllLines(output).size() == JOBS);
            var firstLine = Json.MAPPER.readTree(Files.readAllLines(output).getFirst());
            assertThat(firstLine.path("custom_id").asText()).isEqualTo("web-1");
            assertThat(firstLine.at("/response/status_code").asInt()).isEqualTo(200);

            browser.navigate(base + "/ui");
            awaitTrue(browser, "document.getElementById('batches') !== null && document.getElementById('batches').textContent.includes('" + id + "')",
                    Duration.ofSeconds(30));
            assertThat(browser.eval("document.querySelector('tr.batch[data-status=completed]') !== null").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldSendBrowsersWithoutASessionToTheLoginForm() throws Exception {
        try (var browser = DevTools.start()) {
            browser.navigate(stack.baseUrl() + "/ui/batches/batch_anything");
            awaitTrue(browser, "document.querySelector('form.login') !== null", Duration.ofSeconds(30));
            assertThat(browser.eval("location.pathname").asText()).isEqualTo("/ui");
        }
    }
}
