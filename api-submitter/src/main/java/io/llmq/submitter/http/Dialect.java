package io.llmq.submitter.http;

import java.util.regex.Pattern;

/**
 * Which API family a path belongs to, and so which error body it answers with: the OpenAI SDKs
 * parse OpenAI's, the Anthropic SDKs Anthropic's, and llmq's own endpoints use llmq's.
 */
public enum Dialect {
    OPENAI, ANTHROPIC, NATIVE;

    private static final Pattern NATIVE_BATCH_PATHS = Pattern.compile("^/v1/batches/[^/]+/(results|events)/?$");

    public static Dialect of(String path) {
        if (path.startsWith("/v1/messages")) {
            return ANTHROPIC;
        }
        if (path.startsWith("/v1/usage") || NATIVE_BATCH_PATHS.matcher(path).matches()) {
            return NATIVE;
        }
        return path.startsWith("/v1/") ? OPENAI : NATIVE;
    }
}
