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
}
