package io.llmq.submitter;

import io.llmq.schema.topic.TopicLayout;

import java.util.Map;

/**
 * Everything the api-submitter reads at start-up, from the environment (names in the README).
 *
 * @param apiKey if set, the tenant {@code default} is created (once) and accepts this key
 */
public record SubmitterConfig(int httpPort, String kafkaBootstrap, String jdbcUrl, String dbUser, String dbPassword,
                              String apiKey, long maxFileBytes, int maxBatchRequests, int enqueueSlots,
                              TopicLayout topics) {
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final long DEFAULT_MAX_FILE_BYTES = 200L * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_REQUESTS = 50_000;

    public SubmitterConfig {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("LLMQ_HTTP_PORT must be 0..65535, got " + httpPort);
        }
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("LLMQ_MAX_FILE_BYTES must be at least 1024, got " + maxFileBytes);
        }
        if (maxBatchRequests < 1) {
            throw new IllegalArgumentException("LLMQ_MAX_BATCH_REQUESTS must be at least 1, got " + maxBatchRequests);
        }
        if (enqueueSlots < 1) {
            throw new IllegalArgumentException("LLMQ_ENQUEUE_SLOTS must be at least 1, got " + enqueueSlots);
        }
        if (apiKey != null && apiKey.length() < 16) {
            throw new IllegalArgumentException("LLMQ_API_KEY must be at least 16 characters, got " + apiKey.length());
        }
    }

    public static SubmitterConfig fromEnv(Map<String, String> env) {
        return new SubmitterConfig(
                intSetting(env, "LLMQ_HTTP_PORT", DEFAULT_HTTP_PORT),
                env.getOrDefault("LLMQ_KAFKA_BOOTSTRAP", "localhost:9092"),
                env.getOrDefault("LLMQ_DB_URL", "jdbc:postgresql://localhost:5432/llmq"),
                env.getOrDefault("LLMQ_DB_USER", "llmq"),
                env.getOrDefault("LLMQ_DB_PASSWORD", "llmq"),
                blankToNull(env.get("LLMQ_API_KEY")),
                longSetting(env, "LLMQ_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
                intSetting(env, "LLMQ_MAX_BATCH_REQUESTS", DEFAULT_MAX_BATCH_REQUESTS),
                intSetting(env, "LLMQ_ENQUEUE_SLOTS", 2),
                TopicLayout.defaults());
    }

    static int intSetting(Map<String, String> env, String name, int fallback) {
        return (int) longSetting(env, name, fallback);
    }

    static long longSetting(Map<String, String> env, String name, long fallback) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public SubmitterConfig withHttpPort(int port) {
        return new SubmitterConfig(port, kafkaBootstrap, jdbcUrl, dbUser, dbPassword, apiKey, maxFileBytes, maxBatchRequests, enqueueSlots, topics);
    }
}
