package io.llmq.worker.provider.anthropic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The mark of a provider batch's key on each of its {@code custom_id}s, for providers that keep no
 * metadata on a batch: the first 8 hex digits of the key's SHA-256 and {@code _} (9 characters, so
 * llmq's id keeps 55 of Anthropic's 64). Two keys share a tag once in four billion; {@code find} reads
 * only batches created since the key was written, a few at most.
 */
final class BatchKeyTag {
    static final int LENGTH = 9;

    private BatchKeyTag() {
    }

    static String of(String key) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4) + "_";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** llmq's id inside a tagged {@code custom_id}. */
    static String strip(String customId) {
        return customId.length() > LENGTH && customId.charAt(LENGTH - 1) == '_' ? customId.substring(LENGTH) : customId;
    }
}
