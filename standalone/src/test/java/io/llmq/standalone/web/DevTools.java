package io.llmq.standalone.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol with the JDK's WebSocket: one browser
 * connection, one page attached in flat mode (commands carry its session id). No Selenium, no
 * driver binary; the browser writes its port to {@code DevToolsActivePort} in its profile.
 */
final class DevTools implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending;
    private final AtomicInteger ids = new AtomicInteger();
    private final String session;

    private DevTools(Process process, Path profile, WebSocket socket, Listener listener) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.pending = listener.pending;
        var target = command("Target.createTarget", Json.object().put("url", "about:blank"), null).path("targetId").asText();
        this.session = command("Target.attachToTarget", Json.object().put("targetId", target).put("flatten", true), null)
                .path("sessionId").asText();
        command("Page.enable", Json.object(), session);
        command("Runtime.enable", Json.object(), session);
    }

    static DevTools start() throws Exception {
        var binary = Chromium.binary();
        var profile = Files.createTempDirectory("llmq-chromium");
        var process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        var portFile = profile.resolve("DevToolsActivePort");
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                var log = Files.exists(profile.resolve("chromium.log")) ? Files.readString(profile.resolve("chromium.log")) : "";
                process.destroyForcibly();
                throw new AssertionError("Chromium did not open its DevTools port within " + START_TIMEOUT + ":\n" + log);
            }
            Thread.sleep(100);
        }
        var lines = Files.readAllLines(portFile);
        var url = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
        var listener = new Listener();
        var socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(url, listener).get(30, TimeUnit.SECONDS);
        try {
            return new DevTools(process, profile, socket, listener);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value. */
    JsonNode eval(String expression) throws Exception {
        var result = command("Runtime.evaluate", Json.object().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true), session);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    void navigate(String url) throws Exception {
        command("Page.navigate", Json.object().put("url", url), session);
    }

    /** Lays the page out as a window {@code width} CSS pixels wide (1280 for a laptop, 390 for a phone). */
    void viewport(int width, int height) throws Exception {
        command("Emulation.setDeviceMetricsOverride", Json.object().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", width < 700), session);
    }

    /** Writes a PNG of the whole page (beyond the window's height) to {@code file}. */
    void screenshot(Path file) throws Exception {
        var shot = command("Page.captureScreenshot", Json.object().put("format", "png").put("captureBeyondViewport", true), session);
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Downloads go to {@code dir} without asking. */
    void allowDownloads(Path dir) throws Exception {
        command("Browser.setDownloadBehavior", Json.object().put("behavior", "allow").put("downloadPath", dir.toString()), null);
    }

    private JsonNode command(String method, ObjectNode params, String sessionId) throws Exception {
        var id = ids.incrementAndGet();
        var message = Json.object().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        var answer = new CompletableFuture<JsonNode>();
        pending.put(id, answer);
        socket.sendText(Json.toText(message), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        var reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.path("error"));
        }
        return reply.path("result");
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser goes anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Joins text frames into messages and completes the command each answer belongs to; events are ignored. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    var message = Json.MAPPER.readTree(text.toString());
                    if (message.has("id")) {
                        var waiting = pending.remove(message.path("id").asInt());
                        if (waiting != null) {
                            waiting.complete(message);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("DevTools sent something that is not JSON", e);
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
