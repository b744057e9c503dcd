package io.llmq.standalone.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ConflictException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.batches.BatchCreateParams;
import com.anthropic.models.messages.batches.BatchListParams;
import com.anthropic.models.messages.batches.MessageBatch;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The unmodified official Anthropic Java SDK drives llmq's Message Batches API: create, retrieve,
 * list, cancel, results, delete, and its own exception types for refusals. The provider takes
 * half a second a call, so a large batch is still running when it is cancelled.
 */
class AnthropicSdkTest {
    private static final String MODEL = "claude-sonnet-4-5";
    private static Stack stack;
    private static AnthropicClient client;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(500)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        client = sdk(stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    private static AnthropicClient sdk(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    private static BatchCreateParams requests(int count, String prefix) {
        var params = BatchCreateParams.builder();
        for (int i = 1; i <= count; i++) {
            params.addRequest(BatchCreateParams.Request.builder()
                    .customId(prefix + "-" + i)
                    .params(BatchCreateParams.Request.Params.builder()
                            .model(MODEL)
                            .maxTokens(24)
                            .system("Answer in one sentence.")
                            .addUserMessage("Tell me fact " + i + " about message queues.")
                            .stopSequences(List.of("\n\n"))
                            .build())
                    .build());
        }
        return params.build();
    }

    private static MessageBatch awaitEnded(String id) {
        var seen = new MessageBatch[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = client.messages().batches().retrieve(id);
            return seen[0].processingStatus().equals(MessageBatch.ProcessingStatus.ENDED);
        });
        return seen[0];
    }

    private static List<MessageBatchIndividualResponse> results(String id) {
        try (var stream = client.messages().batches().resultsStreaming(id)) {
            return stream.stream().toList();
        }
    }

    @Test
    void shouldRunAMessageBatchAndServeResultsInAnthropicsMessageShape() throws Exception {
        var created = client.messages().batches().create(requests(6, "fact"));
        assertThat(created.id()).startsWith("msgbatch_");
        assertThat(created.processingStatus()).isEqualTo(MessageBatch.ProcessingStatus.IN_PROGRESS);
        assertThat(created.resultsUrl()).isEmpty();
        assertThat(created.expiresAt()).isAfter(created.createdAt().plusHours(23));

        var ended = awaitEnded(created.id());
        assertThat(ended.requestCounts().succeeded()).isEqualTo(6);
        assertThat(ended.requestCounts().processing()).isZero();
        assertThat(ended.endedAt()).isPresent();
        assertThat(ended.resultsUrl()).contains(stack.baseUrl() + "/v1/messages/batches/" + created.id() + "/results");

        var results = results(created.id());
        assertThat(results).extracting(MessageBatchIndividualResponse::customId)
                .containsExactlyInAnyOrder("fact-1", "fact-2", "fact-3", "fact-4", "fact-5", "fact-6");
        var message = results.get(0).result().succeeded().orElseThrow().message();
        assertThat(message.id()).startsWith("msg_");
        assertThat(message.model().asString()).isEqualTo(MODEL);
        assertThat(message.content().get(0).text().orElseThrow().text()).isNotBlank();
        assertThat(message.stopReason()).isPresent();
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();

        var ledger = db.strings("SELECT DISTINCT input_per_mtok::text || '/' || output_per_mtok::text FROM ledger_entries WHERE batch_id = ?",
                created.id());
        assertThat(ledger).singleElement().satisfies(prices -> {
            assertThat(new BigDecimal(prices.split("/")[0])).isEqualByComparingTo("3");
            assertThat(new BigDecimal(prices.split("/")[1])).isEqualByComparingTo("15");
        });
    }

    @Test
    void shouldListNewestFirstAndPageWithTheSdksAutoPager() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(client.messages().batches().create(requests(1, "list" + i)).id());
        }
        var first = client.messages().batches().list(BatchListParams.builder().limit(2).build());
        assertThat(first.data()).extracting(MessageBatch::id).containsExactly(created.get(2), created.get(1));
        assertThat(first.hasMore()).contains(true);
        assertThat(first.firstId()).contains(created.get(2));

        var all = new ArrayList<String>();
        client.messages().batches().list(BatchListParams.builder().limit(2).build()).autoPager().forEach(b -> all.add(b.id()));
        assertThat(all).containsAll(created);
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);

        var newer = client.messages().batches().list(BatchListParams.builder().beforeId(created.get(0)).limit(1).build());
        assertThat(newer.data()).extracting(MessageBatch::id).containsExactly(created.get(1));
    }

    @Test
    void shouldCancelReportCanceledResultsAndDeleteOnlyOnceEnded() {
        var created = client.messages().batches().create(requests(1500, "stop"));
        assertThatThrownBy(() -> client.messages().batches().delete(created.id())).isInstanceOf(ConflictException.class);

        var canceling = client.messages().batches().cancel(created.id());
        assertThat(canceling.processingStatus()).isEqualTo(MessageBatch.ProcessingStatus.CANCELING);
        assertThat(canceling.cancelInitiatedAt()).isPresent();

        var ended = awaitEnded(created.id());
        var counts = ended.requestCounts();
        assertThat(counts.canceled()).isPositive();
        assertThat(counts.succeeded() + counts.canceled() + counts.errored() + counts.expired()).isEqualTo(1500);
        var results = results(created.id());
        assertThat(results).hasSize(1500);
        assertThat(results.stream().filter(r -> r.result().isCanceled()).count()).isEqualTo(counts.canceled());
        assertThat(results.stream().filter(r -> r.result().isSucceeded()).count()).isEqualTo(counts.succeeded());

        var deleted = client.messages().batches().delete(created.id());
        assertThat(deleted.id()).isEqualTo(created.id());
        assertThatThrownBy(() -> client.messages().batches().retrieve(created.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldSurfaceRefusalsAsTheSdksOwnExceptionTypes() {
        var unmappable = BatchCreateParams.builder().addRequest(BatchCreateParams.Request.builder().customId("x")
                .params(BatchCreateParams.Request.Params.builder().model("claude-imaginary-9").maxTokens(10).addUserMessage("hi").build())
                .build()).build();
        assertThatThrownBy(() -> client.messages().batches().create(unmappable))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("claude-imaginary-9");
        assertThatThrownBy(() -> client.messages().batches().retrieve("msgbatch_nothing")).isInstanceOf(NotFoundException.class);

        var stranger = sdk("sk-ant-not-a-real-key-000000");
        try {
            assertThatThrownBy(() -> stranger.messages().batches().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }
    }
}
