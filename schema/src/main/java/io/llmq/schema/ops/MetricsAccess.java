package io.llmq.schema.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Who may read {@code /metrics}. The series name tenants and their spend, so an operator who
 * cannot keep the port off every network the tenants reach sets {@value #ENV}: then a scrape must
 * send {@code Authorization: Bearer <token>} (Prometheus: {@code authorization: {credentials: ...}}).
 * Unset, {@code /metrics} is open, as Prometheus expects by default. {@code /health} stays open
 * either way, for the orchestrator's probes.
 *
 * @param token the bearer token a scrape must present; null when none is asked for
 */
public record MetricsAccess(String token) {
    public static final String ENV = "LLMQ_METRICS_TOKEN";
    public static final MetricsAccess OPEN = new MetricsAccess(null);

    public static MetricsAccess fromEnv(Map<String, String> env) {
        var token = env.get(ENV);
        return token == null || token.isBlank() ? OPEN : new MetricsAccess(token.strip());
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    public boolean allows(String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // constant time: how much of a guess matched must not show in the answer's timing
        return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's body when {@link #allows} said no. */
    public static String refusal() {
        return "/metrics needs Authorization: Bearer <" + ENV + ">\n";
    }
}
