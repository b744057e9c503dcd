package io.llmq.simulator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final TokenCounter tokens = TokenCounter.o200k();
    private final AnswerWriter writer = new AnswerWriter(new CompletionText(tokens), tokens);

    private static final JsonNode SCHEMA = tree("""
            {"type": "object", "additionalProperties": false, "required": ["city", "tags", "rating", "open", "kind", "where"],
             "properties": {"city": {"type": "string", "minLength": 3}, "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
              "rating": {"type": "integer", "minimum": 1, "maximum": 5}, "open": {"type": "boolean"},
              "kind": {"enum": ["bar", "cafe"]}, "where": {"$ref": "#/$defs/point"}, "note": {"type": ["string", "null"]}},
             "$defs": {"point": {"type": "object", "required": ["lat"], "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90}}}}}""");

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Prompt prompt(String text, int maxTokens) {
        return new Prompt("gpt-4o-mini", List.of(Message.of("user", text)), maxTokens, OptionalLong.empty(), List.of());
    }

    private static List<?> violations(String answer) {
        return SCHEMAS.getSchema(SCHEMA).validate(tree(answer));
    }

    @Test
    void shouldAnswerADocumentThatFitsTheSchemaTheSameEveryTime() {
        for (int i = 0; i < 50; i++) {
            var answer = writer.write(prompt("place " + i, Prompt.NO_LIMIT), AnswerFormat.jsonSchema(SCHEMA));

            assertThat(violations(answer.text())).as(answer.text()).isEmpty();
            assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(writer.write(prompt("place " + i, Prompt.NO_LIMIT), AnswerFormat.jsonSchema(SCHEMA))).isEqualTo(answer);
        }
    }

    @Test
    void shouldAnswerAJsonObjectInJsonMode() {
        var answer = writer.write(prompt("anything", Prompt.NO_LIMIT), AnswerFormat.JSON_OBJECT);

        assertThat(tree(answer.text()).isObject()).isTrue();
    }

    @Test
    void shouldMisbehaveAsThePromptsTriggerSays() {
        var format = AnswerFormat.jsonSchema(SCHEMA);
        var invalid = writer.write(prompt("a llmq-sim:invalid-json b", Prompt.NO_LIMIT), format);
        assertThatThrownBy(() -> JSON.readTree(invalid.text())).isInstanceOf(Exception.class);
        assertThat(invalid.finishReason()).isEqualTo(FinishReason.STOP);

        var misfit = writer.write(prompt("llmq-sim:wrong-schema", Prompt.NO_LIMIT), format);
        assertThat(violations(misfit.text())).isNotEmpty();

        var full = writer.write(prompt("llmq-sim:truncate", Prompt.NO_LIMIT), AnswerFormat.TEXT);
        assertThat(full.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void shouldMisbehaveOnlyOnTheFirstCallOfARequestWithAOnceTrigger() {
        var format = AnswerFormat.jsonSchema(SCHEMA);
        var request = prompt("llmq-sim:invalid-json-once", Prompt.NO_LIMIT);

        assertThatThrownBy(() -> JSON.readTree(writer.write(request, format).text())).isInstanceOf(Exception.class);
        assertThat(violations(writer.write(request, format).text())).isEmpty();
    }

    @Test
    void shouldCutAJsonAnswerAtTheTokenLimitAndFitWhenTheLimitGrows() {
        var format = AnswerFormat.jsonSchema(SCHEMA);
        var natural = tokens.count(writer.write(prompt("grow", Prompt.NO_LIMIT), format).text());
        var limit = 4;
        var cut = writer.write(prompt("grow", limit), format);
        assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(tokens.count(cut.text())).isLessThanOrEqualTo(limit);
        while (limit < natural) {
            limit *= 2;
        }
        var grown = writer.write(prompt("grow", limit), format);
        assertThat(grown.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(violations(grown.text())).isEmpty();
    }
}
