package io.llmq.simulator.engine;

/**
 * A 64-bit FNV-1a hash of everything that decides a completion's text: model, roles, message parts
 * and seed. Each string is prefixed with its length so that {@code ["ab","c"]} and
 * {@code ["a","bc"]} differ. FNV is specified bit for bit, unlike {@code hashCode} of collections,
 * and needs no allocation; its weak mixing does not matter because the result only seeds a
 * {@link java.util.SplittableRandom}, which mixes again.
 */
final class Fingerprint {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long hash = OFFSET_BASIS;

    private Fingerprint() {
    }

    static long of(Prompt prompt) {
        var fingerprint = new Fingerprint();
        fingerprint.add(prompt.model());
        fingerprint.add(prompt.messages().size());
        for (var message : prompt.messages()) {
            fingerprint.add(message.role());
            fingerprint.add(message.parts().size());
            message.parts().forEach(fingerprint::add);
        }
        fingerprint.add(prompt.seed().isPresent() ? 1 : 0);
        fingerprint.add(prompt.seed().orElse(0));
        return fingerprint.hash;
    }

    private void add(String text) {
        add(text.length());
        for (int i = 0; i < text.length(); i++) {
            addChar(text.charAt(i));
        }
    }

    private void add(long value) {
        for (int shift = 0; shift < 64; shift += 16) {
            addChar((char) (value >>> shift));
        }
    }

    private void addChar(char c) {
        hash = (hash ^ (c & 0xff)) * PRIME;
        hash = (hash ^ (c >>> 8)) * PRIME;
    }
}
