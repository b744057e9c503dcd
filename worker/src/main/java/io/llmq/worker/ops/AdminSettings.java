package io.llmq.worker.ops;

import io.llmq.schema.ops.MetricsAccess;

import java.util.Map;

/**
 * Where the worker's admin port listens and who may scrape it.
 *
 * @param bind   {@code LLMQ_WORKER_HTTP_BIND}: the address of {@code /health} and {@code /metrics};
 *               all interfaces by default (a Prometheus elsewhere scrapes the pod's address), {@code 127.0.0.1}
 *               to keep them on the host
 * @param access {@code LLMQ_METRICS_TOKEN}: a bearer token {@code /metrics} asks for, when set
 */
public record AdminSettings(String bind, MetricsAccess access) {
    public static final AdminSettings OPEN = new AdminSettings("0.0.0.0", MetricsAccess.OPEN);

    public static AdminSettings fromEnv(Map<String, String> env) {
        var bind = env.getOrDefault("LLMQ_WORKER_HTTP_BIND", "0.0.0.0").strip();
        return new AdminSettings(bind.isEmpty() ? "0.0.0.0" : bind, MetricsAccess.fromEnv(env));
    }
}
