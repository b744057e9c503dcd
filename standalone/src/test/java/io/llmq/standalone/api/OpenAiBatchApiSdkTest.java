package io.llmq.standalone.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The unmodified official OpenAI Java SDK drives the whole Files + Batch API of llmq. */
class OpenAiBatchApiSdkTest {
    private static Stack stack;
    private static OpenAIClient client;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        client = sdk(stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static Batch create(String fileId, BatchCreateParams.Endpoint endpoint) {
        return client.batches().create(BatchCreateParams.builder().inputFileId(fileId).endpoint(endpoint)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
    }

    private static Batch awaitStatus(String batchId, Batch.Status status) {
        var seen = new Batch[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = client.batches().retrieve(batchId);
            return seen[0].status().equals(status);
        });
        return seen[0];
    }

    private static List<String> lines(String fileId) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var content = client.files().content(fileId);
             var reader = new BufferedReader(new InputStreamReader(content.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void shouldRunAFileBatchFromUploadToDownloadThenListAndDeleteItsFiles() throws Exception {
        var file = client.files().create(FileCreateParams.builder().file(Requests.chat(25, "life").jsonl())
                .purpose(FilePurpose.BATCH).build());
        var batch = create(file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS);
        assertThat(batch.status()).isIn(Batch.Status.IN_PROGRESS, Batch.Status.COMPLETED);
        assertThat(batch.inProgressAt()).isPresent();

        var done = awaitStatus(batch.id(), Batch.Status.COMPLETED);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(25);
        assertThat(done.finalizingAt()).isPresent();
        assertThat(done.completedAt()).isPresent();
        var output = lines(done.outputFileId().orElseThrow());
        assertThat(output).extracting(l -> Json.MAPPER.readTree(l).path("custom_id").asText())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 25).mapToObj(i -> "life-" + i).toList());

        var listed = new ArrayList<String>();
        client.files().list(FileListParams.builder().purpose("batch").limit(1).build()).autoPager().forEach(f -> listed.add(f.id()));
        assertThat(listed).contains(file.id()).doesNotContain(done.outputFileId().orElseThrow());
        var outputs = new ArrayList<String>();
        client.files().list(FileListParams.builder().purpose("batch_output").build()).autoPager().forEach(f -> outputs.add(f.id()));
        assertThat(outputs).contains(done.outputFileId().orElseThrow());

        var deleted = client.files().delete(file.id());
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.id()).isEqualTo(file.id());
        assertThatThrownBy(() -> client.files().retrieve(file.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.files().delete(file.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldRunAnEmbeddingsBatchAndChargeItsInputTokens() throws Exception {
        var file = client.files().create(FileCreateParams.builder().file(Requests.embeddings(12, "emb").jsonl())
                .purpose(FilePurpose.BATCH).build());
        var batch = create(file.id(), BatchCreateParams.Endpoint.V1_EMBEDDINGS);
        var done = awaitStatus(batch.id(), Batch.Status.COMPLETED);

        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(12);
        var first = Json.MAPPER.readTree(lines(done.outputFileId().orElseThrow()).get(0));
        assertThat(first.at("/response/body/object").asText()).isEqualTo("list");
        assertThat(first.at("/response/body/data/0/embedding")).hasSize(8);
        var usage = done.usage().orElseThrow();
        assertThat(usage.inputTokens()).isPositive();
        assertThat(usage.outputTokens()).isZero();
        var cost = new BigDecimal(db.strings("SELECT sum(cost)::text FROM ledger_entries WHERE batch_id = ?", batch.id()).get(0));
        assertThat(cost).isEqualByComparingTo(BigDecimal.valueOf(usage.inputTokens()).multiply(new BigDecimal("0.02"))
                .divide(BigDecimal.valueOf(1_000_000)));
    }

    @Test
    void shouldPageThroughEveryBatchWithTheSdksAutoPager() {
        var file = client.files().create(FileCreateParams.builder().file(Requests.chat(2, "page").jsonl())
                .purpose(FilePurpose.BATCH).build());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(create(file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS).id());
        }
        var seen = new ArrayList<String>();
        client.batches().list(BatchListParams.builder().limit(2).build()).autoPager().forEach(b -> seen.add(b.id()));
        assertThat(seen).containsAll(created);
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        var firstPage = client.batches().list(BatchListParams.builder().limit(2).build());
        assertThat(firstPage.data()).hasSize(2);
        assertThat(firstPage.hasMore()).contains(true);
        assertThat(firstPage.data().get(0).id()).isEqualTo(created.get(2));
    }

    @Test
    void shouldSurfaceRefusalsAsTheSdksOwnExceptionTypes() throws Exception {
        var badFile = client.files().create(FileCreateParams.builder()
                .file(new Requests().chat("a", "no-such-model", "hi", 5).chat("a", "gpt-4o-mini", "hi", 5).jsonl())
                .purpose(FilePurpose.BATCH).build());
        assertThatThrownBy(() -> create(badFile.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("no-such-model");
        assertThatThrownBy(() -> create("file-doesnotexist", BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS))
                .isInstanceOf(NotFoundException.class);

        var stranger = sdk("not-a-real-key-at-all");
        try {
            assertThatThrownBy(() -> stranger.batches().list()).isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> stranger.files().create(FileCreateParams.builder().file(Requests.chat(1, "x").jsonl())
                    .purpose(FilePurpose.BATCH).build())).isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }

        var ours = client.files().create(FileCreateParams.builder().file(Requests.chat(1, "mine").jsonl()).purpose(FilePurpose.BATCH).build());
        var batch = create(ours.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS);
        var other = Tenants.create(stack.baseUrl(), "other-" + System.nanoTime());
        var otherTenant = sdk(other.key());
        try {
            assertThatThrownBy(() -> otherTenant.batches().retrieve(batch.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> otherTenant.batches().cancel(batch.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> otherTenant.files().retrieve(ours.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> otherTenant.files().delete(ours.id())).isInstanceOf(NotFoundException.class);
            assertThat(otherTenant.batches().list().data()).isEmpty();
            assertThat(otherTenant.files().list().data()).isEmpty();
        } finally {
            otherTenant.close();
        }

        awaitStatus(batch.id(), Batch.Status.COMPLETED);
        assertThatThrownBy(() -> client.batches().cancel(batch.id()))
                .isInstanceOfSatisfying(UnexpectedStatusCodeException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    }
}
