package io.llmq.simulator.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterTest {

    private final TokenCounter tokens = TokenCounter.o200k();

    @Test
    void shouldChargeThreePerMessageAndThreeForTheReply() {
        // "Hello" is one o200k token.
        assertThat(tokens.countPrompt(List.of(Message.of("user", "Hello")))).isEqualTo(1 + 3 + 3);
        assertThat(tokens.countPrompt(List.of(Message.of("system", "Hello"), Message.of("user", "Hello")))).isEqualTo(2 * (1 + 3) + 3);
    }

    @Test
    void shouldChargeOnlyTheFramingForAnAssistantTurnWithoutContent() {
        assertThat(tokens.countPrompt(List.of(Message.of("user", "Hello"), new Message("assistant", List.of())))).isEqualTo(4 + 3 + 3);
    }

    @Test
    void shouldCountSpecialTokenTextAsOrdinaryText() {
        assertThat(tokens.count("<|endoftext|>")).isGreaterThan(1);
    }
}
