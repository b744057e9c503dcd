package io.llmq.schema;

import java.security.SecureRandom;

/** Prefixed random ids in the style of the APIs llmq speaks ({@code batch_...}, {@code file-...}). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private Ids() {
    }

    public static String batch() {
        return "batch_" + random(24);
    }

    public static String file() {
        return "file-" + random(24);
    }

    public static String tenant() {
        return "tenant_" + random(16);
    }

    public static String apiKey() {
        return "llmq-" + random(40);
    }

    public static String requestId() {
        return "req_" + random(24);
    }

    /** A job id is derived, not random: line {@code n} of batch {@code b} is always the same job. */
    public static String job(String batchId, int line) {
        return batchId + "-" + line;
    }

    public static String random(int length) {
        var chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
