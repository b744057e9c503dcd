package io.llmq.simulator.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a lorem-like completion that depends only on the model, the messages and the seed, so the
 * same request gets the same text byte for byte, on any JVM, in any run.
 *
 * <p>The text is built from words that are each exactly one o200k token in every position they can
 * take ({@code "Word"}, {@code " Word"}, {@code " word"}), and from {@code "."}, also one token. The
 * tokenizer splits text at word boundaries before merging, so the text's token count is exactly the
 * number of pieces written. That lets the length be chosen in tokens: a natural length of 5 to 60
 * drawn from the request's fingerprint, cut to the caller's limit. A cut text is a prefix of the
 * uncut one, because the limit only decides where the same sequence of draws stops.
 */
public final class CompletionText {

    static final int MIN_TOKENS = 5;
    static final int MAX_TOKENS = 60;
    private static final int MIN_SENTENCE_WORDS = 3;
    private static final int MAX_SENTENCE_WORDS = 12;

    private static final List<String> WORDS = List.of(
            "lorem", "sit", "sed", "do", "ut", "et", "ad", "ex", "in", "esse", "sint", "non", "qui", "id", "est",
            "the", "queue", "batch", "model", "token", "river", "stone", "light", "quiet", "early", "window",
            "garden", "paper", "signal", "answer", "number", "simple", "market", "bridge", "summer", "winter",
            "morning", "silver", "golden", "north", "south", "water", "forest", "field", "story", "letter",
            "music", "bright", "small", "large", "clear", "open", "short", "long", "every", "other", "world",
            "table", "order", "report", "result", "value", "output", "record");

    private final String[] lower;
    private final String[] capitalized;

    /** Checks the vocabulary against the tokenizer, because exact sizing depends on it. */
    public CompletionText(TokenCounter tokens) {
        lower = WORDS.toArray(String[]::new);
        capitalized = WORDS.stream().map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).toArray(String[]::new);
        for (int i = 0; i < lower.length; i++) {
            for (var form : List.of(capitalized[i], " " + capitalized[i], " " + lower[i])) {
                requireOneToken(tokens, form);
            }
        }
        requireOneToken(tokens, ".");
    }

    public GeneratedText write(Prompt prompt) {
        var random = new SplittableRandom(Fingerprint.of(prompt));
        var natural = MIN_TOKENS + random.nextInt(MAX_TOKENS - MIN_TOKENS + 1);
        var budget = Math.min(natural, prompt.maxTokens());
        var text = new StringBuilder(budget * 8);
        var wordsLeft = sentenceLength(random);
        var sentenceStart = true;
        for (int i = 0; i < budget; i++) {
            // The natural text always ends in "."; a sentence may not end one piece earlier, or it would end in "..".
            var last = i == natural - 1;
            if (last || (wordsLeft <= 0 && i != natural - 2)) {
                text.append('.');
                sentenceStart = true;
                wordsLeft = sentenceLength(random);
            } else {
                var word = random.nextInt(lower.length);
                if (i > 0) {
                    text.append(' ');
                }
                text.append(sentenceStart ? capitalized[word] : lower[word]);
                sentenceStart = false;
                wordsLeft--;
            }
        }
        var finish = budget < natural ? FinishReason.LENGTH : FinishReason.STOP;
        return applyStop(text.toString(), finish, prompt.stop());
    }

    /** A stop sequence ends the text where it first appears, and is not returned, as with OpenAI. */
    private static GeneratedText applyStop(String text, FinishReason finish, List<String> stop) {
        var cut = -1;
        for (var sequence : stop) {
            var at = sequence.isEmpty() ? -1 : text.indexOf(sequence);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        return cut < 0 ? new GeneratedText(text, finish) : new GeneratedText(text.substring(0, cut), FinishReason.STOP);
    }

    private static int sentenceLength(SplittableRandom random) {
        return random.nextInt(MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS + 1);
    }

    private static void requireOneToken(TokenCounter tokens, String piece) {
        var count = tokens.count(piece);
        if (count != 1) {
            throw new IllegalStateException("completion vocabulary piece '" + piece + "' is " + count + " tokens, expected 1");
        }
    }
}
