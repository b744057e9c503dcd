package io.llmq.standalone.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code expires_after} on uploads and {@code output_expires_after} on batches set the files'
 * {@code expires_at} as OpenAI does (sent by the official SDK); bad values are a 400 naming the
 * field; an expired file is gone at once; and an output file's {@code bytes} is its download's length.
 */
class FileExpiryTest {
    private static Stack stack;
    private static OpenAIClient client;
    private static Http api;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        client = OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl() + "/v1").apiKey(stack.apiKey()).maxRetries(0).build();
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    @Test
    void shouldSetExpiresAtFromTheSdksExpiresAfter() {
        var file = client.files().create(FileCreateParams.builder().file(Requests.chat(2, "exp").jsonl()).purpose(FilePurpose.BATCH)
                .expiresAfter(FileCreateParams.ExpiresAfter.builder().seconds(3600).build()).build());

        assertThat(file.expiresAt()).contains(file.createdAt() + 3600);
        assertThat(client.files().retrieve(file.id()).expiresAt()).contains(file.createdAt() + 3600);
        var plain = client.files().create(FileCreateParams.builder().file(Requests.chat(1, "keep").jsonl()).purpose(FilePurpose.BATCH).build());
        assertThat(plain.expiresAt()).as("no policy: kept until deleted").isEmpty();
    }

    @Test
    void shouldRefuseExpiresAfterOutOfRangeNamingTheField() throws Exception {
        var tooShort = upload("created_at", "60");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().at("/error/param").asText()).isEqualTo("expires_after[seconds]");
        assertThat(tooShort.json().at("/error/message").asText()).contains("3600").contains("2592000");
        var badAnchor = upload("last_active_at", "3600");
        assertThat(badAnchor.status()).isEqualTo(400);
        assertThat(badAnchor.json().at("/error/param").asText()).isEqualTo("expires_after[anchor]");
        var notANumber = upload("created_at", "soon");
        assertThat(notANumber.json().at("/error/param").asText()).isEqualTo("expires_after[seconds]");

        var input = api.upload(Requests.chat(1, "x").jsonl(), "batch").json().path("id").asText();
        var body = Requests.batchOf(input, "/v1/chat/completions", "24h");
        body.putObject("output_expires_after").put("anchor", "created_at").put("seconds", 2_592_001);
        var refused = api.post("/v1/batches", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/param").asText()).isEqualTo("output_expires_after.seconds");
        body.set("output_expires_after", Json.MAPPER.readTree("{\"seconds\": 7200}"));
        assertThat(api.post("/v1/batches", body).json().at("/error/param").asText()).isEqualTo("output_expires_after.anchor");
    }

    @Test
    void shouldHideAnExpiredFileAtOnce() throws Exception {
        var id = api.upload(Requests.chat(1, "gone").jsonl(), "batch").json().path("id").asText();
        db.update("UPDATE files SET expires_at = now() - interval '1 second' WHERE id = ?", id);

        assertThat(api.get("/v1/files/" + id).status()).isEqualTo(404);
        assertThat(api.get("/v1/files/" + id + "/content").status()).isEqualTo(404);
    }

    @Test
    void shouldReportTheOutputFilesDownloadLengthAndExpireItAsTheBatchAsked() throws Exception {
        var input = client.files().create(FileCreateParams.builder().file(Requests.chat(40, "bytes").jsonl()).purpose(FilePurpose.BATCH).build());
        var batch = client.batches().create(BatchCreateParams.builder().inputFileId(input.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS).completionWindow(BatchCreateParams.CompletionWindow._24H)
                .outputExpiresAfter(BatchCreateParams.OutputExpiresAfter.builder().seconds(7200).build()).build());
        var ended = new Batch[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ended[0] = client.batches().retrieve(batch.id());
            return ended[0].status().equals(Batch.Status.COMPLETED);
        });

        var output = client.files().retrieve(ended[0].outputFileId().orElseThrow());
        var content = api.get("/v1/files/" + output.id() + "/content").text().getBytes(StandardCharsets.UTF_8);
        assertThat(content.length).as("40 lines of answers").isGreaterThan(40 * 100);
        assertThat(output.bytes()).isEqualTo(content.length);
        assertThat(output.expiresAt()).contains(output.createdAt() + 7200);
    }

    private static Http.Answer upload(String anchor, String seconds) throws Exception {
        var boundary = "llmq-expiry";
        var body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"expires_after[anchor]\"\r\n\r\n" + anchor + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"expires_after[seconds]\"\r\n\r\n" + seconds + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n\r\n"
                + new String(Requests.chat(1, "e").jsonl(), StandardCharsets.UTF_8) + "\r\n--" + boundary + "--\r\n";
        return api.send(api.request("/v1/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }
}
