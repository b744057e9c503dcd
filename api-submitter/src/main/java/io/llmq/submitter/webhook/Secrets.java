package io.llmq.submitter.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A new signing secret in the Standard Webhooks form: {@code whsec_} and the base64 of 32 random
 * bytes, the HMAC-SHA256 key (as long as the hash, RFC 2104's advice).
 */
final class Secrets {
    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String next() {
        var key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
