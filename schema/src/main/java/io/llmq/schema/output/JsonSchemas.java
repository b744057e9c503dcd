package io.llmq.schema.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON Schema (draft 2020-12 unless the schema names another draft with {@code $schema}) through
 * networknt's validator. A user's schema is never allowed to make llmq fetch anything: a {@code $ref}
 * outside the schema itself is refused at the door, and would not be a request to some server
 * anyway (the validator's remote fetching stays off; only the meta-schemas bundled in its jar resolve).
 */
public final class JsonSchemas {
    /** How many of the validator's messages a refusal or a failed check quotes. */
    public static final int MESSAGES = 3;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    private JsonSchemas() {
    }

    /** What makes {@code schema} unusable, as the meta-schema and a trial run see it; empty when it can be used. */
    public static List<String> problems(JsonNode schema) {
        var meta = messages(META.validate(schema));
        if (!meta.isEmpty()) {
            return meta;
        }
        var reference = unresolvableReference(schema, schema);
        if (reference != null) {
            return List.of("$ref \"" + reference + "\" does not point inside the schema (llmq fetches no schema; use #/$defs/...)");
        }
        try {
            // references resolve when first followed: one trial run follows the ones a null meets at the root
            compile(schema).validate(NullNode.getInstance());
            return List.of();
        } catch (RuntimeException e) {
            return List.of(String.valueOf(e.getMessage()));
        }
    }

    /** The schema, ready to validate answers; throws on a schema {@link #problems} would have reported. */
    public static Schema compile(JsonNode schema) {
        return REGISTRY.getSchema(schema);
    }

    /** The first {@link #MESSAGES} ways {@code instance} does not fit {@code schema}; empty when it fits. */
    public static List<String> violations(Schema schema, JsonNode instance) {
        return messages(schema.validate(instance));
    }

    /** The first {@code $ref} under {@code node} that is not a JSON pointer into {@code root} that resolves; null when none. */
    private static String unresolvableReference(JsonNode node, JsonNode root) {
        var ref = node.get("$ref");
        if (node.isObject() && ref != null && ref.isTextual()) {
            var target = ref.asText();
            if (!target.startsWith("#") || root.at(target.substring(1)).isMissingNode()) {
                return target;
            }
        }
        for (var child : node) {
            var found = child.isContainerNode() ? unresolvableReference(child, root) : null;
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** "$/path: message", the root being "$". */
    private static List<String> messages(List<Error> errors) {
        List<String> messages = new ArrayList<>();
        for (var error : errors) {
            if (messages.size() == MESSAGES) {
                break;
            }
            messages.add("$" + error.getInstanceLocation() + ": " + error.getMessage());
        }
        return messages;
    }
}
