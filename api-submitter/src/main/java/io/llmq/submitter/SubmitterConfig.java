package io.llmq.submitter;

import io.llmq.schema.Settings;
import io.llmq.schema.ops.MetricsAccess;
import io.llmq.schema.route.RouteDefaults;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.schema.webhook.WebhookTargets;
import io.llmq.submitter.admit.Limits;
import io.llmq.submitter.file.StorageQuota;
import io.llmq.submitter.validate.BodyFields;
import io.llmq.submitter.http.StreamRules;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the api-submitter reads at start-up, from the environment (names in the README).
 *
 * @param apiKey    if set, the tenant {@code default} is created (once) and accepts this key
 * @param adminKey  {@code LLMQ_ADMIN_KEY}: the key of the admin API; null disables it
 * @param publicUrl {@code LLMQ_PUBLIC_URL}: the base URL clients reach this llmq at (for absolute
 *                  URLs such as Anthropic's {@code results_url}); null means {@code http://localhost:<port>}
 * @param limits    default per-tenant limits on enqueued work
 * @param metricsAccess {@code LLMQ_METRICS_TOKEN}: the bearer token {@code /metrics} asks for, if any
 * @param bodyFields {@code LLMQ_ALLOWED_BODY_FIELDS}: request body fields passed on to providers beyond the default allow-list
 * @param streams   per-tenant cap on event streams, long-polls and downloads, and event streams' lifetime
 * @param webhookAllowPrivate {@code LLMQ_WEBHOOK_ALLOW_PRIVATE}: webhook endpoints may be on private, loopback and link-local addresses
 * @param storage   {@code LLMQ_TENANT_MAX_STORED_BYTES}: how many bytes of uploads a tenant may keep
 * @param routes    {@code LLMQ_DEFAULT_ROUTE_HIGH} / {@code _NORMAL} / {@code _LOW}: the route of a batch that names none,
 *                  where its tenant sets no default of its own
 */
public record SubmitterConfig(int httpPort, String kafkaBootstrap, String jdbcUrl, String dbUser, String dbPassword,
                              String apiKey, long maxFileBytes, int maxBatchRequests,
                              TopicLayout topics, String adminKey, String publicUrl, Limits limits, MetricsAccess metricsAccess,
                              BodyFields bodyFields, StreamRules streams, boolean webhookAllowPrivate, StorageQuota storage,
                              RouteDefaults routes) {
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final long DEFAULT_MAX_FILE_BYTES = 200L * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_REQUESTS = 50_000;
    static final int MIN_ADMIN_KEY_LENGTH = 16;

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
        if (apiKey != null && apiKey.length() < 16) {
            throw new IllegalArgumentException("LLMQ_API_KEY must be at least 16 characters, got " + apiKey.length());
        }
        if (adminKey != null && adminKey.length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalArgumentException("LLMQ_ADMIN_KEY must be at least " + MIN_ADMIN_KEY_LENGTH + " characters, got " + adminKey.length());
        }
        if (publicUrl != null) {
            if (!(publicUrl.startsWith("http://") || publicUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("LLMQ_PUBLIC_URL must be an http(s) URL, got '" + publicUrl + "'");
            }
            URI.create(publicUrl);
            publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        if (limits == null) {
            limits = Limits.defaults();
        }
        if (bodyFields == null) {
            bodyFields = BodyFields.DEFAULT;
        }
        if (streams == null) {
            streams = StreamRules.defaults();
        }
        if (routes == null) {
            routes = RouteDefaults.SHIPPED;
        }
    }

    public static SubmitterConfig fromEnv(Map<String, String> env) {
        return new SubmitterConfig(
                Settings.intValue(env, "LLMQ_HTTP_PORT", DEFAULT_HTTP_PORT),
                env.getOrDefault("LLMQ_KAFKA_BOOTSTRAP", "localhost:9092"),
                env.getOrDefault("LLMQ_DB_URL", "jdbc:postgresql://localhost:5432/llmq"),
                env.getOrDefault("LLMQ_DB_USER", "llmq"),
                env.getOrDefault("LLMQ_DB_PASSWORD", "llmq"),
                blankToNull(env.get("LLMQ_API_KEY")),
                Settings.longValue(env, "LLMQ_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
                Settings.intValue(env, "LLMQ_MAX_BATCH_REQUESTS", DEFAULT_MAX_BATCH_REQUESTS),
                TopicLayout.fromEnv(env),
                blankToNull(env.get("LLMQ_ADMIN_KEY")),
                blankToNull(env.get("LLMQ_PUBLIC_URL")),
                new Limits(Settings.longValue(env, "LLMQ_TENANT_MAX_PENDING_JOBS", Limits.DEFAULT_MAX_PENDING_JOBS),
                        Settings.longValue(env, "LLMQ_TENANT_MAX_PENDING_TOKENS", Limits.DEFAULT_MAX_PENDING_TOKENS),
                        Duration.ofSeconds(Settings.longValue(env, "LLMQ_TENANT_RETRY_AFTER_SECONDS", Limits.DEFAULT_RETRY_AFTER.toSeconds()))),
                MetricsAccess.fromEnv(env),
                BodyFields.allowing(env.get(BodyFields.SETTING)),
                new StreamRules(Settings.intValue(env, "LLMQ_TENANT_MAX_STREAMS", StreamRules.DEFAULT_MAX_PER_TENANT),
                        Duration.ofSeconds(Settings.longValue(env, "LLMQ_STREAM_MAX_SECONDS", StreamRules.DEFAULT_MAX_LIFETIME.toSeconds()))),
                WebhookTargets.allowPrivate(env),
                StorageQuota.fromEnv(env),
                RouteDefaults.fromEnv(env));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The same settings on other infrastructure: how the one-JVM stack places a submitter on its engines. */
    public SubmitterConfig on(int port, String kafka, String jdbc, String user, String password, String key, TopicLayout layout) {
        return new SubmitterConfig(port, kafka, jdbc, user, password, key, maxFileBytes, maxBatchRequests,
                layout, adminKey, publicUrl, limits, metricsAccess, bodyFields, streams, webhookAllowPrivate, storage, routes);
    }

    public SubmitterConfig withHttpPort(int port) {
        return on(port, kafkaBootstrap, jdbcUrl, dbUser, dbPassword, apiKey, topics);
    }
}
