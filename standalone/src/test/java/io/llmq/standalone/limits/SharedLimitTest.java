package io.llmq.standalone.limits;

import io.llmq.simulator.SimulatorLimits;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two worker replicas, each with its own pool and gate, share one deployment limited to 600 RPM;
 * the simulator enforces the same limit and answers 429 to any excess. Without the shared limiter
 * the two workers would send their 64 in-flight calls each at once.
 */
class SharedLimitTest {
    private static final String CATALOGUE = """
            deployments:
              - name: limited
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
                rpm: 600
            models:
              - id: gpt-4o-mini
                deployment: limited
                max_output_tokens: 1000
                price: { input: 0.15, output: 0.60 }
            """;

    private Stack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldHoldTheLimitForTheSumOfTwoWorkersWithout429s() throws Exception {
        stack = Stack.start(StackConfig.forTests(2, Duration.ofMillis(20))
                        .withSimulatorLimits(SimulatorLimits.of(600, 0))
                        .withCatalogue(CATALOGUE),
                TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        var api = new ApiClient(stack.baseUrl(), stack.apiKey());
        var jobs = 60;
        var lines = new ByteArrayOutputStream();
        for (int i = 1; i <= jobs; i++) {
            lines.writeBytes(("{\"custom_id\":\"l-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                    + "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i + "\"}]}}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        var file = api.uploadBatchFile("limited.jsonl", lines.toByteArray());
        var batchId = api.createBatch(file.path("id").asText(), "normal").path("id").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> "completed".equals(api.batch(batchId).path("status").asText()));

        assertThat(api.batch(batchId).path("request_counts").path("completed").asInt()).isEqualTo(jobs);
        assertThat(stack.simulator().bill().calls()).isEqualTo(jobs);
        var seconds = stack.simulator().servedLog().seconds();
        assertThat(seconds.stream().mapToLong(s -> s.rateLimited()).sum()).as("429s received").isZero();
        // 10 per second plus at most one second of burst, measured on the provider's side
        for (int i = 0; i + 2 <= seconds.size(); i++) {
            assertThat(seconds.get(i).calls() + seconds.get(i + 1).calls()).isLessThanOrEqualTo(30);
        }
    }
}
