package io.llmq.worker.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.message.JobMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The response cache's key: SHA-256 of the request in a canonical text (object keys sorted, numbers
 * without trailing zeros, so {@code 0} and {@code 0.0} are one temperature), over the endpoint,
 * the catalogue model and the whole body except fields that do not change the answer. Only a
 * deterministic request has a key: {@code temperature} 0, or an integer {@code seed}.
 */
public final class CacheKey {
    /** Bookkeeping fields: two requests that differ only here get the same answer. */
    static final Set<String> IGNORED = Set.of("user", "metadata", "store");

    private CacheKey() {
    }

    public static Optional<byte[]> of(JobMessage job) {
        var body = job.body();
        if (!deterministic(body)) {
            return Optional.empty();
        }
        var text = new StringBuilder();
        text.append(job.url()).append('\n').append(job.model()).append('\n');
        var fields = new TreeMap<String, JsonNode>();
        body.fields().forEachRemaining(e -> {
            if (!IGNORED.contains(e.getKey())) {
                fields.put(e.getKey(), e.getValue());
            }
        });
        fields.forEach((name, value) -> {
            text.append(quote(name)).append(':');
            canonical(value, text);
            text.append(',');
        });
        return Optional.of(sha256(text.toString()));
    }

    static boolean deterministic(ObjectNode body) {
        var temperature = body.get("temperature");
        var seed = body.get("seed");
        return (temperature != null && temperature.isNumber() && temperature.decimalValue().signum() == 0)
                || (seed != null && seed.isIntegralNumber());
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            var sorted = new TreeMap<String, JsonNode>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            out.append('{');
            sorted.forEach((name, value) -> {
                out.append(quote(name)).append(':');
                canonical(value, out);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(item -> {
                canonical(item, out);
                out.append(',');
            });
            out.append(']');
        } else if (node.isNumber()) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) {
            out.append(quote(node.asText()));
        } else {
            out.append(node);
        }
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
