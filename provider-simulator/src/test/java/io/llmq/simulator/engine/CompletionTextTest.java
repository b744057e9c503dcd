package io.llmq.simulator.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionTextTest {

    private final TokenCounter tokens = TokenCounter.o200k();
    private final CompletionText writer = new CompletionText(tokens);

    private static Prompt prompt(String text, int maxTokens) {
        return new Prompt("gpt-4o-mini", List.of(Message.of("user", text)), maxTokens, OptionalLong.empty(), List.of());
    }

    @Test
    void shouldWriteBetween5And60TokensEndingInOneFullStop() {
        for (int i = 0; i < 500; i++) {
            var text = writer.write(prompt("request " + i, Prompt.NO_LIMIT));

            assertThat(tokens.count(text.text())).as(text.text()).isBetween(CompletionText.MIN_TOKENS, CompletionText.MAX_TOKENS);
            assertThat(text.text()).endsWith(".").doesNotContain("..").doesNotStartWith(" ");
            assertThat(text.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void shouldCutToExactlyTheLimitAsAPrefixOfTheFullText() {
        for (int i = 0; i < 50; i++) {
            var full = writer.write(prompt("prefix " + i, Prompt.NO_LIMIT)).text();
            var natural = tokens.count(full);
            for (int limit = 1; limit < natural; limit++) {
                var cut = writer.write(prompt("prefix " + i, limit));

                assertThat(tokens.count(cut.text())).isEqualTo(limit);
                assertThat(full).startsWith(cut.text());
                assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
            }
            assertThat(writer.write(prompt("prefix " + i, natural))).isEqualTo(new GeneratedText(full, FinishReason.STOP));
        }
    }

    @Test
    void shouldUseTheWholeRangeOfLengths() {
        var lengths = new TreeSet<Integer>();
        for (int i = 0; i < 2_000; i++) {
            lengths.add(tokens.count(writer.write(prompt("range " + i, Prompt.NO_LIMIT)).text()));
        }

        assertThat(lengths.first()).isEqualTo(CompletionText.MIN_TOKENS);
        assertThat(lengths.last()).isEqualTo(CompletionText.MAX_TOKENS);
    }

    @Test
    void shouldStopAtTheEarliestStopSequenceAndIgnoreEmptyOnes() {
        var full = writer.write(prompt("stops", Prompt.NO_LIMIT)).text();
        var words = full.split(" ");
        var stop = List.of("", words[3], words[1]);

        var stopped = writer.write(new Prompt("gpt-4o-mini", List.of(Message.of("user", "stops")), Prompt.NO_LIMIT, OptionalLong.empty(), stop));

        assertThat(stopped.text()).isEqualTo(full.substring(0, Math.min(full.indexOf(words[1]), full.indexOf(words[3]))));
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void shouldNotConfuseWhereOnePartEndsAndTheNextBegins() {
        var ab = new Prompt("m", List.of(new Message("user", List.of("ab", "c"))), Prompt.NO_LIMIT, OptionalLong.empty(), List.of());
        var bc = new Prompt("m", List.of(new Message("user", List.of("a", "bc"))), Prompt.NO_LIMIT, OptionalLong.empty(), List.of());

        assertThat(Fingerprint.of(ab)).isNotEqualTo(Fingerprint.of(bc));
    }

    @Test
    void shouldKeepTheFingerprintStableAcrossReleases() {
        // Pinned: changing the hash silently changes every simulated answer that tests and benchmarks compare against.
        var text = writer.write(new Prompt("gpt-4o-mini", List.of(Message.of("user", "Hello")), Prompt.NO_LIMIT, OptionalLong.of(3), List.of()));

        assertThat(text.text()).isEqualTo(PINNED_HELLO_SEED_3);
    }

    private static final String PINNED_HELLO_SEED_3 = "Queue open value sed window sit silver number morning sit token."
            + " Open golden window south et water model esse short number letter non. Sint light queue early.";
}
