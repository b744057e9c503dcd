package io.llmq.submitter.auth;

import io.llmq.schema.Ids;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Browser sessions of the web page ({@code web_sessions}). A browser cannot set headers on an
 * {@code EventSource} or a download link, and an API key must never travel in a URL, so the login
 * form exchanges the key once for a random session token kept in an HttpOnly, SameSite=Strict
 * cookie. Only the token's SHA-256 is stored; a session ends at its expiry, on logout, or when its
 * key is revoked. Sessions live in PostgreSQL, so every submitter replica accepts them.
 */
public final class WebSessions {
    public static final String COOKIE = "llmq_session";
    public static final Duration TTL = Duration.ofHours(12);

    private final DataSource dataSource;
    private final Clock clock;

    public WebSessions(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A new session token for {@code key}; empty if the key is unknown or revoked. */
    public Optional<String> open(String key) throws SQLException {
        var token = "ws_" + Ids.random(40);
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     INSERT INTO web_sessions (token_hash, tenant_id, key_id, expires_at)
                     SELECT ?, k.tenant_id, k.id, ? FROM api_keys k WHERE k.key_hash = ? AND k.revoked_at IS NULL""")) {
            st.setBytes(1, KeyHash.of(token));
            st.setTimestamp(2, Timestamp.from(clock.instant().plus(TTL)));
            st.setBytes(3, KeyHash.of(key));
            return st.executeUpdate() == 1 ? Optional.of(token) : Optional.empty();
        }
    }

    /** The tenant of a live session token. */
    public Optional<Tenant> tenantOf(String token) throws SQLException {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT t.id, t.name FROM web_sessions s
                     JOIN api_keys k ON k.id = s.key_id AND k.revoked_at IS NULL
                     JOIN tenants t ON t.id = s.tenant_id
                     WHERE s.token_hash = ? AND s.expires_at > ?""")) {
            st.setBytes(1, KeyHash.of(token));
            st.setTimestamp(2, Timestamp.from(clock.instant()));
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Tenant(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Ends a session (logout); expired sessions of anyone are swept on the way. */
    public void close(String token) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("DELETE FROM web_sessions WHERE token_hash = ? OR expires_at < ?")) {
            st.setBytes(1, KeyHash.of(token == null ? "" : token));
            st.setTimestamp(2, Timestamp.from(clock.instant()));
            st.executeUpdate();
        }
    }
}
