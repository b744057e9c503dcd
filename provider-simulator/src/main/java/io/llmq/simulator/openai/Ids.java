package io.llmq.simulator.openai;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers shaped like OpenAI's; random, since only the completion text must be repeatable. */
final class Ids {

    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String completionId() {
        return "chatcmpl-" + random(ALPHANUMERIC, 29);
    }

    /** A Responses id and its message item's id share their random part, as OpenAI's do. */
    static String responseSuffix() {
        return random(HEX, 48);
    }

    static String textCompletionId() {
        return "cmpl-" + random(ALPHANUMERIC, 24);
    }

    static String moderationId() {
        return "modr-" + random(HEX, 32);
    }

    static String fileId() {
        return "file-" + random(ALPHANUMERIC, 22);
    }

    static String batchId() {
        return "batch_" + random(HEX, 32);
    }

    static String batchRequestId() {
        return "batch_req_" + random(HEX, 32);
    }

    static String requestId() {
        return "req_" + random(HEX, 32);
    }

    private static String random(char[] alphabet, int length) {
        var random = ThreadLocalRandom.current();
        var chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
