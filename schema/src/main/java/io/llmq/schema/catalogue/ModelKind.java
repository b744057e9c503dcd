package io.llmq.schema.catalogue;

import java.util.List;
import java.util.Locale;

/**
 * What a model does, which decides the batch endpoints its requests may use: a chat model answers
 * Chat Completions, Responses and legacy Completions requests alike (the worker translates where its
 * deployment does not serve one natively); an embedding or moderation model serves its one endpoint.
 */
public enum ModelKind {
    CHAT(List.of(Endpoints.CHAT_COMPLETIONS, Endpoints.RESPONSES, Endpoints.COMPLETIONS)),
    EMBEDDING(List.of(Endpoints.EMBEDDINGS)),
    MODERATION(List.of(Endpoints.MODERATIONS));

    private final List<String> endpoints;

    ModelKind(List<String> endpoints) {
        this.endpoints = endpoints;
    }

    /** The kind's first endpoint, the one it is known by. */
    public String endpoint() {
        return endpoints.get(0);
    }

    /** Every batch endpoint whose lines may name a model of this kind. */
    public List<String> endpoints() {
        return endpoints;
    }

    public boolean serves(String endpoint) {
        return endpoints.contains(endpoint);
    }

    /** The kind whose models serve {@code endpoint}, or null for an endpoint no model serves. */
    public static ModelKind serving(String endpoint) {
        for (var kind : values()) {
            if (kind.serves(endpoint)) {
                return kind;
            }
        }
        return null;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code chat} (the default when the catalogue says nothing), {@code embedding} or {@code moderation}. */
    public static ModelKind parse(String text, String model) {
        if (text == null || text.isBlank()) {
            return CHAT;
        }
        for (var kind : values()) {
            if (kind.wireName().equals(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("model " + model + ": kind must be 'chat', 'embedding' or 'moderation', got '" + text + "'");
    }
}
