package io.llmq.submitter.idempotency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.http.ApiError;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code Idempotency-Key} on creates. A retried create with the same key and the same body gets
 * the first answer back (with {@code Idempotent-Replayed: true}); the same key with a different
 * body is a 409. Keys are scoped per tenant and per endpoint, and remembered for 24 hours. A
 * request that fails forgets its key, so that it can be retried and so that a refused request
 * leaves nothing behind.
 */
public final class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 255;

    /** The work a create does once; its answer is what a retry gets back. */
    @FunctionalInterface
    public interface Create {
        ObjectNode run() throws Exception;
    }

    /** The answer to a create: fresh, or the first answer replayed. */
    public record Answer(int statusCode, String body, boolean replayed) {
        public void writeTo(Context ctx) {
            if (replayed) {
                ctx.header("Idempotent-Replayed", "true");
            }
            ctx.status(statusCode).contentType("application/json").result(body);
        }
    }

    private final DataSource dataSource;

    public Idempotency(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The request's key, checked; null when the client sent none. */
    public static String keyOf(Context ctx) {
        var key = ctx.header(HEADER);
        if (key == null || key.isEmpty()) {
            return null;
        }
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw ApiError.invalid(HEADER, HEADER + " must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters without spaces.");
        }
        return key;
    }

    /** Runs {@code create} once per key; without a key, simply runs it. */
    public Answer run(String tenantId, String scope, String key, byte[] requestHash, Create create) throws Exception {
        if (key == null) {
            return new Answer(200, Json.toText(create.run()), false);
        }
        var claim = Transaction.run(dataSource, c -> IdempotencyStore.claim(c, tenantId, scope, key, requestHash));
        switch (claim) {
            case Claim.Replay(var status, var body) -> {
                return new Answer(status, body, true);
            }
            case Claim.Mismatch() -> throw mismatch();
            case Claim.InProgress() -> throw inProgress();
            case Claim.Fresh() -> {
            }
        }
        ObjectNode body;
        try {
            body = create.run();
        } catch (Exception | Error e) {
            try {
                Transaction.run(dataSource, c -> {
                    IdempotencyStore.release(c, tenantId, scope, key);
                    return null;
                });
            } catch (SQLException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
        var text = Json.toText(body);
        Transaction.run(dataSource, c -> {
            IdempotencyStore.complete(c, tenantId, scope, key, 200, text);
            return null;
        });
        return new Answer(200, text, false);
    }

    /**
     * For a create that writes everything in one transaction (a file upload): claims the key in
     * {@code c} itself, so the upload and its key commit or roll back together.
     *
     * @return empty when the caller's work is fresh and should be stored with {@link #completeIn}
     */
    public static Optional<Answer> claimIn(Connection c, String tenantId, String scope, String key,
                                                     byte[] requestHash) throws SQLException {
        return switch (IdempotencyStore.claim(c, tenantId, scope, key, requestHash)) {
            case Claim.Fresh() -> Optional.empty();
            case Claim.Replay(var status, var body) -> Optional.of(new Answer(status, body, true));
            case Claim.Mismatch() -> throw mismatch();
            case Claim.InProgress() -> throw inProgress();
        };
    }

    public static void completeIn(Connection c, String tenantId, String scope, String key, ObjectNode body) throws SQLException {
        IdempotencyStore.complete(c, tenantId, scope, key, 200, Json.toText(body));
    }

    public static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ApiError mismatch() {
        return ApiError.conflict("This Idempotency-Key was already used with a different request body. Use a new key for a new request.");
    }

    private static ApiError inProgress() {
        return ApiError.conflict("A request with this Idempotency-Key is still being processed. Retry in a moment to get its answer.");
    }
}
