package io.llmq.standalone.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.log.LineEncoder;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON log of a small batch through a real stack, captured with the encoder the containers
 * use ({@code LLMQ_LOG_FORMAT=json}) and llmq at DEBUG: one parseable line per event, job lines
 * carry the job and batch ids, and neither the prompts nor the API key appear, unless the payload
 * debug flag is set.
 */
class StructuredLogTest {
    private static final int JOBS = 6;

    @Test
    void shouldLogOneJsonLinePerEventWithJobIdsAndWithoutPromptsOrApiKeys() throws Exception {
        var secret = "zebra-prompt-" + Ids.random(12);
        var captured = captureWhileRunningBatch(secret, Map.of());

        assertThat(captured.lines()).isNotEmpty();
        assertThat(captured.json()).allSatisfy(line -> assertThat(line.has("ts") && line.has("level") && line.has("message")).isTrue());
        var jobLines = captured.json().stream().filter(l -> l.has("job_id")).toList();
        assertThat(jobLines).hasSizeGreaterThanOrEqualTo(JOBS);
        assertThat(jobLines).allSatisfy(l -> assertThat(l.path("batch_id").asText()).isEqualTo(captured.batchId()));
        assertThat(jobLines.stream().map(l -> l.path("job_id").asText()).distinct().count()).isEqualTo(JOBS);
        assertThat(captured.text()).doesNotContain(secret).doesNotContain(captured.apiKey());
    }

    @Test
    void shouldLogPromptsOnlyWhenThePayloadDebugFlagIsSet() throws Exception {
        var secret = "zebra-prompt-" + Ids.random(12);
        var captured = captureWhileRunningBatch(secret, Map.of("LLMQ_LOG_PAYLOADS", "true"));

        assertThat(captured.text()).contains(secret).doesNotContain(captured.apiKey());
        assertThat(captured.json()).anySatisfy(l -> assertThat(l.path("logger").asText()).isEqualTo("io.llmq.payloads"));
    }

    private record Captured(String text, List<String> lines, List<JsonNode> json, String batchId, String apiKey) {
    }

    private static Captured captureWhileRunningBatch(String secret, Map<String, String> settings) throws Exception {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var buffer = new ByteArrayOutputStream();
        var encoder = new LineEncoder();
        encoder.setContext(context);
        encoder.setFormat("json");
        encoder.start();
        var appender = new OutputStreamAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(buffer);
        appender.start();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var llmq = context.getLogger("io.llmq");
        var levelBefore = llmq.getLevel();
        String batchId;
        String apiKey;
        root.addAppender(appender);
        llmq.setLevel(Level.DEBUG);
        try (var stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(20)), TestEngines.sharedKafka(),
                TestEngines.sharedPostgres(), settings)) {
            apiKey = stack.apiKey();
            var api = new ApiClient(stack.baseUrl(), apiKey);
            var lines = IntStream.rangeClosed(1, JOBS).mapToObj(i -> """
                    {"custom_id":"log-%d","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s number %d"}],"max_tokens":8}}"""
                    .formatted(i, secret, i)).collect(Collectors.joining("\n"));
            var file = api.uploadBatchFile("log.jsonl", lines.getBytes(StandardCharsets.UTF_8));
            batchId = api.createBatch(file.path("id").asText(), "high").path("id").asText();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.batch(batchId).path("status").asText().equals("completed"));
        } finally {
            root.detachAppender(appender);
            llmq.setLevel(levelBefore);
            appender.stop();
        }
        var text = buffer.toString(StandardCharsets.UTF_8);
        var lines = text.lines().toList();
        List<JsonNode> json = new ArrayList<>();
        for (var line : lines) {
            var node = Json.MAPPER.readTree(line);
            assertThat(node.isObject()).as("one JSON object per line: %s", line).isTrue();
            json.add(node);
        }
        assertThat(text).endsWith("\n");
        return new Captured(text, lines, json, batchId, apiKey);
    }
}
