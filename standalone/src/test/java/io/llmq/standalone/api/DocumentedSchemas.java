package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.llmq.schema.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema an OpenAPI document gives one operation's answer, ready to check a real answer
 * against: the response's schema with the document's components beside it, so its {@code $ref}s
 * resolve (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
final class DocumentedSchemas {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

    private final JsonNode doc;

    DocumentedSchemas(JsonNode doc) {
        this.doc = doc;
    }

    /** @param path as the document writes it, e.g. {@code /v1/files/{file_id}} */
    Schema of(String method, String path, int status) {
        var response = doc.path("paths").path(path).path(method.toLowerCase()).path("responses").path(Integer.toString(status));
        var schema = response.at("/content/application~1json/schema");
        if (schema.isMissingNode()) {
            throw new AssertionError(method + " " + path + " documents no JSON answer for " + status);
        }
        var root = Json.object();
        root.setAll((com.fasterxml.jackson.databind.node.ObjectNode) schema.deepCopy());
        root.putObject("components").set("schemas", doc.path("components").path("schemas"));
        return REGISTRY.getSchema(root);
    }

    /** Where {@code answer} is not the {@code expected} status or does not fit what the document says it is. */
    List<String> misfits(int expected, String method, String path, Http.Answer answer) {
        var problems = new ArrayList<String>();
        if (answer.status() != expected) {
            problems.add(method + " " + path + " answered " + answer.status() + ", not " + expected + ": " + answer.text());
            return problems;
        }
        of(method, path, answer.status()).validate(answer.json())
                .forEach(e -> problems.add(method + " " + path + " " + answer.status() + " $" + e.getInstanceLocation() + ": " + e.getMessage()));
        return problems;
    }
}
