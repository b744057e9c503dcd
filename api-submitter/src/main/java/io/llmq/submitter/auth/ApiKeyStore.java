package io.llmq.submitter.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.audit.AuditLog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gateway to {@code api_keys}. Only a SHA-256 of a key is stored; the key itself is shown once,
 * when it is issued. Successful lookups are cached for a short time so that a poller does not
 * cost a database round trip per request: a key revoked here stops working at once, on another
 * replica within {@link #CACHE_TTL}.
 */
public final class ApiKeyStore {
    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final int PREFIX_LENGTH = 12;

    private record Cached(Tenant tenant, String keyId, long expiresAtMillis) {
    }

    /** A key as the admin API shows it: never the key, only its prefix. */
    public record KeyInfo(String id, String tenantId, String name, String prefix, Instant createdAt,
                          Instant firstUsedAt, Instant revokedAt) {
    }

    /** A freshly issued key: the only time {@code key} is ever seen. */
    public record IssuedKey(KeyInfo info, String key) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * The tenant that owns {@code key}, if the key exists and is not revoked. The first use of a
     * key is stamped and audited once.
     */
    public Optional<Tenant> tenantFor(String key, String remoteAddr) throws SQLException {
        var now = clock.millis();
        var hit = cache.get(key);
        if (hit != null && hit.expiresAtMillis() > now) {
            return Optional.of(hit.tenant());
        }
        try (var c = dataSource.getConnection()) {
            String keyId;
            Tenant tenant;
            boolean firstUse;
            try (var st = c.prepareStatement("""
                    SELECT t.id, t.name, k.id, k.first_used_at IS NULL FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
                    WHERE k.key_hash = ? AND k.revoked_at IS NULL""")) {
                st.setBytes(1, KeyHash.of(key));
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        cache.remove(key);
                        return Optional.empty();
                    }
                    tenant = new Tenant(rs.getString(1), rs.getString(2));
                    keyId = rs.getString(3);
                    firstUse = rs.getBoolean(4);
                }
            }
            if (firstUse) {
                stampFirstUse(c, tenant, keyId, remoteAddr);
            }
            cache.put(key, new Cached(tenant, keyId, now + CACHE_TTL.toMillis()));
            return Optional.of(tenant);
        }
    }

    private static void stampFirstUse(Connection c, Tenant tenant, String keyId, String remoteAddr) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (var st = c.prepareStatement("UPDATE api_keys SET first_used_at = now() WHERE id = ? AND first_used_at IS NULL")) {
                st.setString(1, keyId);
                // two replicas may race to the first use; only the one whose update lands records it
                if (st.executeUpdate() == 1) {
                    AuditLog.append(c, "key:" + keyId, "key.first_use", tenant.id(), keyId, remoteAddr, null);
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Issues a new random key for {@code tenantId}; audited as {@code key.issue}. */
    public IssuedKey issue(String tenantId, String name, String remoteAddr) throws SQLException {
        var key = Ids.apiKey();
        var id = "key_" + Ids.random(16);
        return Transaction.run(dataSource, c -> {
            KeyInfo info;
            try (var st = c.prepareStatement("""
                    INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix, name) VALUES (?, ?, ?, ?, ?)
                    RETURNING id, tenant_id, name, key_prefix, created_at, first_used_at, revoked_at""")) {
                st.setString(1, id);
                st.setString(2, tenantId);
                st.setBytes(3, KeyHash.of(key));
                st.setString(4, key.substring(0, PREFIX_LENGTH));
                st.setString(5, name);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    info = read(rs);
                }
            }
            ObjectNode details = Json.object().put("name", name).put("prefix", info.prefix());
            AuditLog.append(c, "admin", "key.issue", tenantId, id, remoteAddr, details);
            return new IssuedKey(info, key);
        });
    }

    /** Revokes a key; empty if there is no such key. Revoking twice keeps the first revocation time. */
    public Optional<KeyInfo> revoke(String keyId, String remoteAddr) throws SQLException {
        var revoked = Transaction.run(dataSource, c -> {
            try (var st = c.prepareStatement("""
                    UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?
                    RETURNING id, tenant_id, name, key_prefix, created_at, first_used_at, revoked_at""")) {
                st.setString(1, keyId);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<KeyInfo>empty();
                    }
                    var info = read(rs);
                    AuditLog.append(c, "admin", "key.revoke", info.tenantId(), keyId, remoteAddr, null);
                    return Optional.of(info);
                }
            }
        });
        cache.values().removeIf(cached -> cached.keyId().equals(keyId));
        return revoked;
    }

    public List<KeyInfo> list(String tenantId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT id, tenant_id, name, key_prefix, created_at, first_used_at, revoked_at FROM api_keys
                     WHERE tenant_id = ? ORDER BY created_at, id""")) {
            st.setString(1, tenantId);
            List<KeyInfo> keys = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    keys.add(read(rs));
                }
            }
            return keys;
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
                    INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix, name) VALUES (?, ?, ?, ?, 'LLMQ_API_KEY')
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

    private static KeyInfo read(ResultSet rs) throws SQLException {
        return new KeyInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5),
                instant(rs, 6), instant(rs, 7));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
