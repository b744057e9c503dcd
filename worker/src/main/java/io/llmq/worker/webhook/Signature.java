package io.llmq.worker.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code webhook-signature} header of the Standard Webhooks specification: {@code v1,} and the
 * base64 HMAC-SHA256 of {@code "<webhook-id>.<webhook-timestamp>.<body>"}, keyed with the bytes
 * the secret's base64 part (after {@code whsec_}) decodes to. Several secrets (the new and the
 * previous one during a rotation's grace period) give several signatures, space-separated; a
 * receiver accepts the delivery when any of them verifies.
 */
final class Signature {
    static final String SECRET_PREFIX = "whsec_";

    private Signature() {
    }

    static String header(List<String> secrets, String webhookId, long timestamp, String body) {
        return secrets.stream().map(s -> sign(s, webhookId, timestamp, body)).collect(Collectors.joining(" "));
    }

    static String sign(String secret, String webhookId, long timestamp, String body) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        var key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            var signed = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
