package io.llmq.submitter.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * API keys are random 40-character secrets, so an unsalted SHA-256 is enough to store them: there is
 * no dictionary to attack, and lookup by hash stays one index probe.
 */
final class KeyHash {

    private KeyHash() {
    }

    static byte[] of(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
