package io.llmq.schema.catalogue;

import java.util.List;

/** The OpenAI endpoints a batch may target, as its {@code endpoint} and each line's {@code url} name them. */
public final class Endpoints {
    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    public static final String RESPONSES = "/v1/responses";
    public static final String COMPLETIONS = "/v1/completions";
    public static final String EMBEDDINGS = "/v1/embeddings";
    public static final String MODERATIONS = "/v1/moderations";

    /** In the order the docs list them. */
    public static final List<String> ALL = List.of(CHAT_COMPLETIONS, RESPONSES, COMPLETIONS, EMBEDDINGS, MODERATIONS);

    private Endpoints() {
    }
}
