package io.llmq.submitter.validate;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseFormatValidationTest {
    private static final String ENDPOINT = "/v1/chat/completions";

    private static String line(String customId, String responseFormat) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + ENDPOINT + "\",\"body\":"
                + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":" + responseFormat + "}}";
    }

    private static ValidationReport validate(String... lines) throws IOException {
        var validator = new BatchValidator(Catalogue.load(Map.of()), ENDPOINT, 100);
        return validator.validate(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)), l -> { });
    }

    @Test
    void shouldAcceptJsonObjectAndAUsableJsonSchema() throws IOException {
        var report = validate(line("a", "{\"type\":\"json_object\"}"),
                line("b", "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"strict\":true,"
                        + "\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}}"),
                line("c", "{\"type\":\"text\"}"));

        assertThat(report.ok()).isTrue();
        assertThat(report.validLines()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAnInvalidSchemaAtTheDoorWithItsLineAndField() throws IOException {
        var report = validate(line("a", "{\"type\":\"json_object\"}"),
                line("b", "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"schema\":{\"type\":\"objekt\"}}}"),
                line("c", "{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}"),
                line("d", "{\"type\":\"xml\"}"));

        assertThat(report.ok()).isFalse();
        assertThat(report.errors()).extracting(LineError::line).containsExactly(2, 3, 4);
        assertThat(report.errors()).extracting(LineError::code).containsOnly("invalid_response_format");
        assertThat(report.errors()).extracting(LineError::param).containsExactly("body.response_format.json_schema.schema",
                "body.response_format.json_schema.name", "body.response_format.type");
        assertThat(report.errors().get(0).message()).startsWith("Line 2: ").contains("not a valid JSON Schema");
    }
}
