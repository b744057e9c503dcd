package io.llmq.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {
    private static Args parse(String... words) {
        return Args.parse(List.of(words), Options.with("priority", "metadata", "output"), Set.of("watch"), Map.of("o", "output"));
    }

    @Test
    void shouldSplitPositionalWordsValuedFlagsAliasesAndBareFlags() {
        var args = parse("prompts.jsonl", "--priority", "high", "--watch", "--metadata=a=1", "--metadata", "b=2", "-o", "x.csv");

        assertThat(args.positional()).containsExactly("prompts.jsonl");
        assertThat(args.option("priority", "normal")).isEqualTo("high");
        assertThat(args.flag("watch")).isTrue();
        assertThat(args.options("metadata")).containsExactly("a=1", "b=2");
        assertThat(args.option("output", null)).isEqualTo("x.csv");
        assertThat(args.option("url", "fallback")).isEqualTo("fallback");
    }

    @Test
    void shouldRefuseUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> parse("--colour", "red")).isInstanceOf(UsageError.class).hasMessage("unknown option --colour");
        assertThatThrownBy(() -> parse("-x")).isInstanceOf(UsageError.class).hasMessage("unknown option -x");
        assertThatThrownBy(() -> parse("--priority")).isInstanceOf(UsageError.class).hasMessage("--priority needs a value");
    }
}
