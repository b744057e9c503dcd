package io.llmq.standalone.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The unmodified official OpenAI Java SDK, pointed at llmq, runs a batch from upload to download. */
class OpenAiSdkTest {
    private static Stack stack;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(10)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        client = OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl() + "/v1").apiKey(stack.apiKey()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    @Test
    void shouldRunABatchThroughTheOfficialSdk() throws Exception {
        var file = client.files().create(FileCreateParams.builder()
                .file(BatchFiles.chat(40, "sdk").bytes())
                .purpose(FilePurpose.BATCH)
                .build());
        assertThat(file.id()).startsWith("file-");

        var batch = client.batches().create(BatchCreateParams.builder()
                .inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
        assertThat(batch.requestCounts().orElseThrow().total()).isEqualTo(40);

        var finished = new Batch[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            finished[0] = client.batches().retrieve(batch.id());
            return finished[0].status().equals(Batch.Status.COMPLETED);
        });
        assertThat(finished[0].requestCounts().orElseThrow().completed()).isEqualTo(40);

        List<String> customIds = new ArrayList<>();
        try (var content = client.files().content(finished[0].outputFileId().orElseThrow());
             var reader = new BufferedReader(new InputStreamReader(content.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                customIds.add(Json.MAPPER.readTree(line).path("custom_id").asText());
            }
        }
        assertThat(customIds).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "sdk-" + i).toList());
    }

    @Test
    void shouldSurfaceLlmqRefusalsAsTheSdksOwnExceptions() {
        assertThatThrownBy(() -> client.batches().retrieve("batch_doesnotexist"))
                .isInstanceOf(NotFoundException.class);

        var badFile = client.files().create(FileCreateParams.builder()
                .file(new BatchFiles().add("a", "no-such-model", "hi", 5).add("a", "gpt-4o-mini", "hi", 5).bytes())
                .purpose(FilePurpose.BATCH).build());
        assertThatThrownBy(() -> client.batches().create(BatchCreateParams.builder()
                .inputFileId(badFile.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no-such-model");

        var stranger = OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl() + "/v1").apiKey("not-a-real-key-at-all").build();
        try {
            assertThatThrownBy(() -> stranger.batches().retrieve("batch_x")).isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }
    }
}
