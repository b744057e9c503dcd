package io.llmq.worker.ratelimit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.tokens.PromptTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bound reserved before a call counts the prompt of every endpoint, not only chat messages. */
class TokenEstimateEndpointsTest {
    private static final ModelEntry MODEL = new ModelEntry("m", "d", null, 1000, 128_000, null);
    private static final String TEXT = "The quick brown fox jumps over the lazy dog, twice over and then once more.";

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    @Test
    void shouldCountAResponsesInstructionsAndInputAndItsMaxOutputTokens() throws Exception {
        var split = TokenEstimate.split(json("{\"instructions\":\"" + TEXT + "\",\"max_output_tokens\":50,"
                + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + TEXT + "\"}]}]}"), MODEL);

        assertThat(split.prompt()).isGreaterThanOrEqualTo(2L * PromptTokens.count(TEXT));
        assertThat(split.maxOutput()).isEqualTo(50);
    }

    @Test
    void shouldCountALegacyPromptAndAModerationInputLikeTheSameChatMessage() throws Exception {
        var chat = TokenEstimate.split(json("{\"messages\":[{\"role\":\"user\",\"content\":\"" + TEXT + "\"}]}"), MODEL).prompt();
        var completion = TokenEstimate.split(json("{\"prompt\":\"" + TEXT + "\",\"max_tokens\":7}"), MODEL);
        var moderation = TokenEstimate.split(json("{\"input\":[\"" + TEXT + "\"]}"), MODEL).prompt();

        assertThat(completion.prompt()).isGreaterThan(PromptTokens.count(TEXT)).isLessThanOrEqualTo(chat);
        assertThat(completion.maxOutput()).isEqualTo(7);
        assertThat(moderation).isEqualTo(chat);
    }
}
