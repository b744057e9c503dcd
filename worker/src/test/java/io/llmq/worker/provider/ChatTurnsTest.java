package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatTurnsTest {
    private static final ChatTurns TURNS = new ChatTurns("Acme", "model", "parts");

    /** Every message becomes one part carrying its role, so merged turns show what joined them. */
    private static final ChatTurns.Parts ONE_PART = new ChatTurns.Parts() {
        @Override
        public ArrayNode user(JsonNode content) {
            return part("user:" + content.asText());
        }

        @Override
        public ArrayNode assistant(JsonNode message) {
            return message.path("content").asText().isEmpty() ? Json.MAPPER.createArrayNode()
                    : part("assistant:" + message.path("content").asText());
        }

        @Override
        public ArrayNode toolResult(JsonNode message) {
            return part("tool:" + message.path("content").asText());
        }
    };

    private static ArrayNode part(String text) {
        var parts = Json.MAPPER.createArrayNode();
        parts.addObject().put("text", text);
        return parts;
    }

    private static JsonNode messages(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void shouldMergeAToolResultIntoTheUserTurnAfterItAndJoinSystemMessagesByABlankLine() throws Exception {
        var turns = Json.MAPPER.createArrayNode();

        var system = TURNS.append(messages("""
                [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"},
                 {"role": "assistant", "content": "calling"}, {"role": "tool", "content": "42"},
                 {"role": "developer", "content": "no emoji"}, {"role": "user", "content": "thanks"},
                 {"role": "assistant", "content": ""}]"""), turns, ONE_PART);

        assertThat(system).isEqualTo("be brief\n\nno emoji");
        assertThat(turns).hasSize(3);
        assertThat(turns.get(1).path("role").asText()).isEqualTo("model");
        assertThat(turns.get(2).path("role").asText()).isEqualTo("user");
        assertThat(turns.get(2).path("parts").findValuesAsText("text")).containsExactly("tool:42", "user:thanks");
    }

    @Test
    void shouldRefuseARoleTheFormatHasNoPlaceFor() throws Exception {
        assertThatThrownBy(() -> TURNS.append(messages("[{\"role\": \"critic\", \"content\": \"x\"}]"),
                Json.MAPPER.createArrayNode(), ONE_PART))
                .isInstanceOf(Unsupported.class)
                .hasMessageContaining("'critic' has no Acme equivalent");
    }

    @Test
    void shouldAddAParagraphWithoutALeadingBlankLineToAnEmptyPrompt() {
        assertThat(ChatTurns.withParagraph("", "json only")).isEqualTo("json only");
        assertThat(ChatTurns.withParagraph("be brief", "json only")).isEqualTo("be brief\n\njson only");
    }
}
