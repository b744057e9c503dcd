package io.llmq.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The CLI's one Jackson mapper. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
