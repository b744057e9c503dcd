package io.llmq.schema.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/**
 * What a chat request's {@code response_format} asks of the answer's content, as OpenAI defines it:
 * {@code {"type": "text"}} (or nothing), {@code {"type": "json_object"}}, or
 * {@code {"type": "json_schema", "json_schema": {"name", "schema", "strict"?, "description"?}}}.
 * The submitter refuses an {@link Invalid} one at the door; the worker checks answers against the rest.
 */
public sealed interface ResponseFormat {

    /** OpenAI's rule for {@code json_schema.name}. */
    Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** Free text: nothing to check. */
    record Text() implements ResponseFormat {
    }

    /** The content must parse as a JSON object. */
    record JsonObject() implements ResponseFormat {
    }

    /** The content must parse as JSON and fit {@code schema}; {@code strict} is the caller's ask for exact adherence. */
    record JsonSchema(String name, JsonNode schema, boolean strict) implements ResponseFormat {
    }

    /** Not a response_format OpenAI would accept: {@code field} names the offending part of the body. */
    record Invalid(String field, String message) implements ResponseFormat {
    }

    /** The response_format of a request body. */
    static ResponseFormat of(JsonNode body) {
        var format = body == null ? null : body.get("response_format");
        if (format == null || format.isNull()) {
            return new Text();
        }
        if (!format.isObject() || !format.path("type").isTextual()) {
            return new Invalid("body.response_format", "body.response_format must be an object with a string type "
                    + "(text, json_object or json_schema).");
        }
        return switch (format.get("type").asText()) {
            case "text" -> new Text();
            case "json_object" -> new JsonObject();
            case "json_schema" -> jsonSchema(format.get("json_schema"));
            default -> new Invalid("body.response_format.type", "body.response_format.type must be text, json_object or "
                    + "json_schema.");
        };
    }

    private static ResponseFormat jsonSchema(JsonNode spec) {
        var field = "body.response_format.json_schema";
        if (spec == null || !spec.isObject()) {
            return new Invalid(field, field + " must be an object with a name and a schema.");
        }
        var name = spec.get("name");
        if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            return new Invalid(field + ".name", field + ".name must be 1 to 64 letters, digits, '_' or '-'.");
        }
        var strict = spec.get("strict");
        if (strict != null && !strict.isNull() && !strict.isBoolean()) {
            return new Invalid(field + ".strict", field + ".strict must be true or false.");
        }
        var schema = spec.get("schema");
        if (schema == null || !schema.isObject()) {
            return new Invalid(field + ".schema", field + ".schema must be a JSON Schema object.");
        }
        var problems = JsonSchemas.problems(schema);
        if (!problems.isEmpty()) {
            return new Invalid(field + ".schema", field + ".schema is not a valid JSON Schema: " + String.join("; ", problems));
        }
        return new JsonSchema(name.asText(), schema, strict != null && strict.asBoolean(false));
    }
}
