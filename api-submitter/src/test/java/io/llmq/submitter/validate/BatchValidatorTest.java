package io.llmq.submitter.validate;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BatchValidatorTest {
    private static final Catalogue CATALOGUE = Catalogue.load(Map.of());
    private static final String ENDPOINT = "/v1/chat/completions";

    private static String line(String customId, String body) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + ENDPOINT + "\",\"body\":" + body + "}";
    }

    private static final String GOOD_BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static ValidationReport validate(int maxRequests, String... lines) throws IOException {
        var validator = new BatchValidator(CATALOGUE, ENDPOINT, maxRequests);
        var text = String.join("\n", lines);
        return validator.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), l -> { });
    }

    @Test
    void shouldRefuseAModelWithoutAPriceInForceNamingTheLineAndField() throws IOException {
        var validator = new BatchValidator(CATALOGUE, model -> !model.equals("gpt-4o"), BodyFields.DEFAULT, ENDPOINT, 10);
        var text = line("a", GOOD_BODY) + "\n" + line("b", GOOD_BODY.replace("gpt-4o-mini", "gpt-4o"));
        var report = validator.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), l -> { });
        assertThat(report.ok()).isFalse();
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("model_not_priced");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.param()).isEqualTo("body.model");
            assertThat(e.message()).contains("gpt-4o", "POST /admin/prices");
        });
    }

    @Test
    void shouldAcceptAWellFormedFileAndHandEveryLineToTheSink() throws IOException {
        var seen = new ArrayList<ValidLine>();
        var validator = new BatchValidator(CATALOGUE, ENDPOINT, 10);
        var text = line("a", GOOD_BODY) + "\n\n" + line("b", GOOD_BODY) + "\n";
        var report = validator.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), seen::add);
        assertThat(report.ok()).isTrue();
        assertThat(report.validLines()).isEqualTo(2);
        assertThat(seen).extracting(ValidLine::line).containsExactly(1, 3);
        assertThat(report.firstModel()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void shouldNameTheLineFieldAndReasonOfEveryBadLine() throws IOException {
        var report = validate(100,
                line("a", GOOD_BODY),
                "[1,2]",
                line("a", GOOD_BODY),
                line("c", GOOD_BODY.replace("gpt-4o-mini", "nope")),
                line("d", GOOD_BODY.replace("\"max_tokens\":10", "\"max_tokens\":-1")),
                line("e", GOOD_BODY.replace("\"role\":\"user\"", "\"role\":\"robot\"")),
                line("f", GOOD_BODY.replace("[{\"role\":\"user\",\"content\":\"hi\"}]", "[]")),
                line("g", GOOD_BODY).replace("\"POST\"", "\"GET\""),
                line("h", GOOD_BODY).replace(ENDPOINT, "/v1/embeddings"),
                "{\"custom_id\":\"i\",\"method\":\"POST\",\"url\":\"" + ENDPOINT + "\",\"body\":\"text\"}",
                line("j", GOOD_BODY.replace("}", ",\"stream\":true}")));
        assertThat(report.ok()).isFalse();
        assertThat(report.errorCount()).isEqualTo(10);
        assertThat(report.errors()).extracting(LineError::line).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(report.errors()).extracting(LineError::code).containsExactly("invalid_request", "duplicate_custom_id",
                "model_not_found", "invalid_max_tokens", "invalid_messages", "invalid_messages", "invalid_method",
                "mismatched_url", "invalid_body", "invalid_body");
        assertThat(report.errors().get(2).param()).isEqualTo("body.model");
        assertThat(report.errors().get(4).param()).isEqualTo("body.messages[0].role");
    }

    @Test
    void shouldRefuseMaxTokensAboveTheModelsLimit() throws IOException {
        var report = validate(10, line("a", GOOD_BODY.replace("\"max_tokens\":10", "\"max_tokens\":999999")));
        assertThat(report.errors().get(0).message()).contains("produces at most 16384");
    }

    @Test
    void shouldRefuseEmptyFilesAndFilesOverTheRequestLimit() throws IOException {
        assertThat(validate(10, "", "  ").errors().get(0).code()).isEqualTo("empty_file");
        var tooMany = validate(1, line("a", GOOD_BODY), line("b", GOOD_BODY));
        assertThat(tooMany.ok()).isFalse();
        assertThat(tooMany.errors().get(0).code()).isEqualTo("too_many_requests");
    }

    private static final String CHAT = "/v1/chat/completions";
    private static final String EMBEDDINGS = "/v1/embeddings";

    private static ValidationReport validate(String endpoint, String jsonl) throws Exception {
        return new BatchValidator(CATALOGUE, endpoint, 100)
                .validate(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), line -> { });
    }

    private static String chatLine(String id) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}}";
    }

    private static String embeddingLine(String id, String input) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\","
                + "\"input\":" + input + "}}";
    }

    @Test
    void shouldAcceptEmbeddingLinesWithStringOrArrayInput() throws Exception {
        var report = validate(EMBEDDINGS, embeddingLine("a", "\"one text\"") + "\n" + embeddingLine("b", "[\"x\",\"y\"]")
                + "\n" + embeddingLine("c", "[1,2,3]") + "\n" + embeddingLine("d", "[[1,2],[3]]") + "\n");
        assertThat(report.errors()).isEmpty();
        assertThat(report.validLines()).isEqualTo(4);
        assertThat(report.estimatedTokens()).isPositive();
    }

    @Test
    void shouldRefuseEmbeddingLinesWithoutUsableInput() throws Exception {
        var report = validate(EMBEDDINGS, embeddingLine("a", "\"\"") + "\n" + embeddingLine("b", "[]") + "\n"
                + embeddingLine("c", "42.5") + "\n" + embeddingLine("d", "[{\"text\":\"x\"}]") + "\n"
                + "{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\"}}\n");
        assertThat(report.errorCount()).isEqualTo(5);
        assertThat(report.errors()).hasSize(5).allSatisfy(e -> assertThat(e.code()).isEqualTo("invalid_input"));
    }

    @Test
    void shouldRefuseAModelOnTheWrongEndpoint() throws Exception {
        var chatModelOnEmbeddings = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"gpt-4o-mini\",\"input\":\"x\"}}";
        var embeddingModelOnChat = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"text-embedding-3-small\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}";
        assertThat(validate(EMBEDDINGS, chatModelOnEmbeddings).errors()).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo("invalid_model"));
        assertThat(validate(CHAT, embeddingModelOnChat).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("serves /v1/embeddings"));
    }

    @Test
    void shouldReadCrLfLinesAndAByteOrderMark() throws Exception {
        var jsonl = "\uFEFF" + chatLine("a") + "\r\n" + chatLine("b") + "\r\n\r\n" + chatLine("c");
        var report = validate(CHAT, jsonl);
        assertThat(report.errors()).isEmpty();
        assertThat(report.validLines()).isEqualTo(3);
    }

    @Test
    void shouldNumberLinesFromOneCountingBlankLines() throws Exception {
        var lines = new ArrayList<Integer>();
        new BatchValidator(CATALOGUE, CHAT, 100).validate(new ByteArrayInputStream(
                (chatLine("a") + "\n\n" + chatLine("b") + "\n").getBytes(StandardCharsets.UTF_8)), l -> lines.add(l.line()));
        assertThat(lines).containsExactly(1, 3);
    }

    @Test
    void shouldReportBrokenUtf8AndNonObjectsAsLineErrors() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("{\"custom_id\":\"\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes("\"}\n[1,2]\n\"text\"\n".getBytes(StandardCharsets.UTF_8));
        var report = new BatchValidator(CATALOGUE, CHAT, 100).validate(new ByteArrayInputStream(bytes.toByteArray()), l -> { });
        assertThat(report.errors()).extracting(LineError::code).containsExactly("invalid_json", "invalid_request", "invalid_request");
    }

    @Test
    void shouldSkipALineOverTheLimitAndKeepReading() throws Exception {
        var huge = "{\"custom_id\":\"big\",\"pad\":\"" + "x".repeat(BatchValidator.MAX_LINE_BYTES) + "\"}";
        var report = validate(CHAT, huge + "\n" + chatLine("after"));
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("line_too_long");
            assertThat(e.line()).isEqualTo(1);
        });
        assertThat(report.validLines()).isEqualTo(1);
    }

    @Test
    void shouldRefuseMoreRequestsThanTheLimit() throws Exception {
        var jsonl = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            jsonl.append(chatLine("r" + i)).append('\n');
        }
        var report = validate(CHAT, jsonl.toString());
        assertThat(report.errors().get(0).code()).isEqualTo("too_many_requests");
    }
}
