package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads an OpenAPI document the way the coverage test compares it with the server: operations as
 * {@code "GET /v1/batches/{}"}, path parameters matched by position, since Javalin names a
 * parameter {@code {id}} where the document says {@code {batch_id}}.
 */
final class OpenApiPaths {
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]*}|<[^>/]*>");

    private OpenApiPaths() {
    }

    /** {@code /v1/files/{file_id}/content} and {@code /v1/files/<id>/content} both become {@code /v1/files/{}/content}. */
    static String shape(String path) {
        return PARAMETER.matcher(path).replaceAll("{}");
    }

    /** {@code "GET /v1/batches/{id}"} to {@code "GET /v1/batches/{}"}. */
    static String shapeRoute(String route) {
        var space = route.indexOf(' ');
        return route.substring(0, space) + " " + shape(route.substring(space + 1));
    }

    static Set<String> operations(JsonNode doc) {
        var operations = new TreeSet<String>();
        eachOperation(doc, op -> operations.add(op.method().toUpperCase() + " " + shape(op.path())));
        return operations;
    }

    /** The names between braces in a path template, in order. */
    static List<String> templateNames(String path) {
        var names = new ArrayList<String>();
        var m = PARAMETER.matcher(path);
        while (m.find()) {
            names.add(m.group().substring(1, m.group().length() - 1));
        }
        return names;
    }

    static void eachOperation(JsonNode doc, Consumer<Operation> each) {
        doc.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            var op = path.getValue().get(method);
            if (op != null) {
                each.accept(new Operation(path.getKey(), method, op, path.getValue().path("parameters")));
            }
        }));
    }

    /** Every {@code $ref} in the document, wherever it sits. */
    static List<String> references(JsonNode node) {
        var refs = new ArrayList<String>();
        collect(node, refs);
        return refs;
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, refs));
        }
    }

    /** One operation with the parameters its path item declares for all its operations. */
    record Operation(String path, String method, JsonNode node, JsonNode pathParameters) {
        String name() {
            return method.toUpperCase() + " " + path;
        }

        /** Names of the path parameters declared on the operation or its path item, resolving local $refs. */
        List<String> declaredPathParameters(JsonNode doc) {
            var names = new ArrayList<String>();
            for (var list : List.of(pathParameters, node.path("parameters"))) {
                for (var parameter : list) {
                    var resolved = parameter.has("$ref") ? doc.at(parameter.get("$ref").asText().substring(1)) : parameter;
                    if (resolved.path("in").asText().equals("path")) {
                        names.add(resolved.path("name").asText());
                    }
                }
            }
            return names;
        }
    }
}
