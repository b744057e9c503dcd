package io.llmq.schema.catalogue;

import java.util.Locale;

/** What a model does, which decides the one batch endpoint its requests may use. */
public enum ModelKind {
    CHAT("/v1/chat/completions"),
    EMBEDDING("/v1/embeddings");

    private final String endpoint;

    ModelKind(String endpoint) {
        this.endpoint = endpoint;
    }

    public String endpoint() {
        return endpoint;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code chat} (the default when the catalogue says nothing) or {@code embedding}. */
    public static ModelKind parse(String text, String model) {
        if (text == null || text.isBlank()) {
            return CHAT;
        }
        for (var kind : values()) {
            if (kind.wireName().equals(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("model " + model + ": kind must be 'chat' or 'embedding', got '" + text + "'");
    }
}
