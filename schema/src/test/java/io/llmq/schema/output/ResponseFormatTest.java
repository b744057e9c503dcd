package io.llmq.schema.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseFormatTest {

    private static JsonNode body(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    private static final String PERSON = """
            {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
             "required": ["name", "age"], "additionalProperties": false}""";

    @Test
    void shouldReadAStrictJsonSchemaFormat() throws Exception {
        var format = ResponseFormat.of(body("""
                {"response_format": {"type": "json_schema", "json_schema": {"name": "person", "strict": true, "schema": %s}}}"""
                .formatted(PERSON)));
        assertThat(format).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class, s -> {
            assertThat(s.name()).isEqualTo("person");
            assertThat(s.strict()).isTrue();
        });
    }

    @Test
    void shouldTreatAMissingFormatAsTextAndReadJsonObject() throws Exception {
        assertThat(ResponseFormat.of(body("{}"))).isInstanceOf(ResponseFormat.Text.class);
        assertThat(ResponseFormat.of(body("{\"response_format\": {\"type\": \"json_object\"}}"))).isInstanceOf(ResponseFormat.JsonObject.class);
    }

    @Test
    void shouldRefuseASchemaThatIsNotAJsonSchemaNamingTheField() throws Exception {
        var format = ResponseFormat.of(body("""
                {"response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": {"type": "objekt"}}}}"""));
        assertThat(format).isInstanceOfSatisfying(ResponseFormat.Invalid.class, i -> {
            assertThat(i.field()).isEqualTo("body.response_format.json_schema.schema");
            assertThat(i.message()).contains("not a valid JSON Schema").contains("type");
        });
    }

    @Test
    void shouldRefuseABadNameAndAnUnknownType() throws Exception {
        assertThat(ResponseFormat.of(body("""
                {"response_format": {"type": "json_schema", "json_schema": {"name": "a b", "schema": {}}}}""")))
                .isInstanceOfSatisfying(ResponseFormat.Invalid.class, i -> assertThat(i.field()).endsWith(".name"));
        assertThat(ResponseFormat.of(body("{\"response_format\": {\"type\": \"yaml\"}}")))
                .isInstanceOfSatisfying(ResponseFormat.Invalid.class, i -> assertThat(i.field()).isEqualTo("body.response_format.type"));
    }

    @Test
    void shouldRefuseARemoteReferenceInsteadOfFetchingIt() throws Exception {
        var format = ResponseFormat.of(body("""
                {"response_format": {"type": "json_schema", "json_schema": {"name": "p",
                 "schema": {"$ref": "http://127.0.0.1:9/never-fetched.json"}}}}"""));
        assertThat(format).isInstanceOfSatisfying(ResponseFormat.Invalid.class, i -> assertThat(i.message()).contains("127.0.0.1:9"));
        var nested = ResponseFormat.of(body("""
                {"response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": {"type": "object",
                 "properties": {"a": {"$ref": "#/$defs/missing"}, "b": {"$ref": "#/$defs/b"}}, "$defs": {"b": {"type": "string"}}}}}}"""));
        assertThat(nested).isInstanceOfSatisfying(ResponseFormat.Invalid.class, i -> assertThat(i.message()).contains("#/$defs/missing"));
    }

    @Test
    void shouldReportTheFirstViolationsOfAnAnswer() throws Exception {
        var schema = JsonSchemas.compile(body(PERSON));
        assertThat(JsonSchemas.violations(schema, body("{\"name\": \"Ada\", \"age\": 36}"))).isEmpty();
        assertThat(JsonSchemas.violations(schema, body("{\"name\": 7}")))
                .hasSizeBetween(1, JsonSchemas.MESSAGES)
                .anySatisfy(m -> assertThat(m).startsWith("$/name: "))
                .anySatisfy(m -> assertThat(m).startsWith("$: ").contains("age"));
    }
}
