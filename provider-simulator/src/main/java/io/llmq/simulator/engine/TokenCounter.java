package io.llmq.simulator.engine;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import java.util.List;

/** Counts tokens the way the gpt-4o family does, with the o200k_base encoding. Thread-safe. */
public final class TokenCounter {

    /**
     * OpenAI's cookbook ("How to count tokens with tiktoken") charges every chat message 3 tokens
     * for the {@code <|start|>role ... <|end|>} framing, and every request 3 more for priming the
     * assistant's reply. The cookbook also counts the role's own token; this simulator follows the
     * simpler contract "content + 3 per message, + 3" so that every llmq module can reproduce it.
     */
    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_REPLY = 3;

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The shared counter; loading the o200k vocabulary takes a moment, so it is done once per JVM. */
    public static TokenCounter o200k() {
        return Shared.O200K;
    }

    /**
     * Counts special-token text such as {@code <|endoftext|>} as ordinary text, as OpenAI does with
     * user content; jtokkit's plain {@code countTokens} would throw on it instead.
     */
    public int count(String text) {
        return encoding.countTokensOrdinary(text);
    }

    /** The text of the first {@code n} tokens of {@code text}: never more than {@code n} tokens when counted again. */
    public String firstTokens(String text, int n) {
        var all = encoding.encodeOrdinary(text);
        for (int keep = Math.min(n, all.size()); keep > 0; keep--) {
            var head = new IntArrayList(keep);
            for (int i = 0; i < keep; i++) {
                head.add(all.get(i));
            }
            var prefix = encoding.decode(head);
            if (count(prefix) <= n) {
                return prefix;
            }
        }
        return "";
    }

    public int countPrompt(List<Message> messages) {
        var total = TOKENS_PER_REPLY;
        for (var message : messages) {
            total += TOKENS_PER_MESSAGE;
            for (var part : message.parts()) {
                total += count(part);
            }
        }
        return total;
    }

    /** Holder idiom: the vocabulary loads on first use, not when the class is merely referenced. */
    private static final class Shared {
        static final TokenCounter O200K = new TokenCounter(
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
    }
}
