package io.llmq.submitter.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it. The secret is set only in the answers that create or
 * rotate it; {@code previousSecretUntil} says until when the secret it replaced still signs.
 */
record Endpoint(String id, String url, List<String> events, boolean enabled, String disabledReason, int consecutiveFailures,
                Instant createdAt, String secret, Instant previousSecretUntil) {

    Endpoint withSecret(String newSecret, Instant previousUntil) {
        return new Endpoint(id, url, events, enabled, disabledReason, consecutiveFailures, createdAt, newSecret, previousUntil);
    }
}
