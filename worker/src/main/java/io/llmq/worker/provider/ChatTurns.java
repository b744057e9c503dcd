package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the Anthropic and Gemini formats want alike of an OpenAI chat history: system and developer
 * messages gathered into one system prompt, tool results sent as user turns, and consecutive turns of
 * one role merged, as both want user and assistant turns alternating. Each format says how its turns
 * are written.
 *
 * @param provider      named in the refusal of a role the format has no place for
 * @param assistantRole the format's name for the assistant's turns
 * @param partsField    the field of a turn that holds its parts
 */
public record ChatTurns(String provider, String assistantRole, String partsField) {

    /** How one format writes each kind of message as the parts of a turn; an empty array adds no turn. */
    public interface Parts {
        ArrayNode user(JsonNode content);

        ArrayNode assistant(JsonNode message);

        ArrayNode toolResult(JsonNode message);
    }

    /**
     * Appends the turns of {@code messages}, in order, to {@code turns}.
     *
     * @return the system prompt, empty when the history has none
     * @throws Unsupported for a role the format has no equivalent of
     */
    public String append(JsonNode messages, ArrayNode turns, Parts parts) {
        var system = "";
        for (var m : messages) {
            var role = m.path("role").asText();
            switch (role) {
                case "system", "developer" -> system = withParagraph(system, OpenAiChat.text(m.path("content")));
                case "user" -> merge(turns, "user", parts.user(m.path("content")));
                case "assistant" -> merge(turns, assistantRole, parts.assistant(m));
                case "tool", "function" -> merge(turns, "user", parts.toolResult(m));
                default -> throw new Unsupported("message role '" + role + "' has no " + provider + " equivalent.");
            }
        }
        return system;
    }

    /** {@code paragraph} after {@code prompt}, a blank line between them unless the prompt so far is empty. */
    public static String withParagraph(String prompt, String paragraph) {
        return prompt.isEmpty() ? paragraph : prompt + "\n\n" + paragraph;
    }

    /** A turn of the same role as the last joins it. */
    private void merge(ArrayNode turns, String role, ArrayNode newParts) {
        if (newParts.isEmpty()) {
            return;
        }
        var last = turns.isEmpty() ? null : (ObjectNode) turns.get(turns.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get(partsField)).addAll(newParts);
            return;
        }
        var turn = turns.addObject();
        turn.put("role", role);
        turn.set(partsField, newParts);
    }
}
