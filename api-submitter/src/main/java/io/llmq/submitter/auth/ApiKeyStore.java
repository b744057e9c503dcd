package io.llmq.submitter.auth;

import io.llmq.schema.Ids;
import io.llmq.schema.db.Transaction;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gateway to {@code tenants} and {@code api_keys}. Successful lookups are cached for a short time
 * so that a poller does not cost a database round trip per request; a revoked key stops working
 * within {@link #CACHE_TTL}.
 */
public final class ApiKeyStore {
    static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private record Cached(Tenant tenant, long expiresAtMillis) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public Optional<Tenant> tenantFor(String key) throws SQLException {
        var now = clock.millis();
        var hit = cache.get(key);
        if (hit != null && hit.expiresAtMillis() > now) {
            return Optional.of(hit.tenant());
        }
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT t.id, t.name FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
                     WHERE k.key_hash = ? AND k.revoked_at IS NULL""")) {
            st.setBytes(1, KeyHash.of(key));
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    cache.remove(key);
                    return Optional.empty();
                }
                var tenant = new Tenant(rs.getString(1), rs.getString(2));
                cache.put(key, new Cached(tenant, now + CACHE_TTL.toMillis()));
                return Optional.of(tenant);
            }
        }
    }

    /**
     * Makes sure tenant {@code tenantId} exists and accepts {@code key}. Used at start-up to seed the
     * deployment's first tenant from {@code LLMQ_API_KEY}; idempotent across restarts and replicas.
     */
    public void ensureTenantKey(String tenantId, String tenantName, String key) throws SQLException {
        Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("INSERT INTO tenants (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                st.setString(1, tenantId);
                st.setString(2, tenantName);
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix) VALUES (?, ?, ?, ?)
                    ON CONFLICT (key_hash) DO NOTHING""")) {
                st.setString(1, "key_" + Ids.random(16));
                st.setString(2, tenantId);
                st.setBytes(3, KeyHash.of(key));
                st.setString(4, key.substring(0, Math.min(8, key.length())));
                st.executeUpdate();
            }
            return null;
        });
    }
}
