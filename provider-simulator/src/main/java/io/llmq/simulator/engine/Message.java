package io.llmq.simulator.engine;

import java.util.List;

/**
 * One chat message reduced to what sizing and text generation need.
 *
 * @param parts the text of the message; a plain string is one part, a list of text parts keeps
 *              them apart because each is tokenized on its own
 */
public record Message(String role, List<String> parts) {

    public Message {
        if (role == null) {
            throw new IllegalArgumentException("message role is required");
        }
        parts = List.copyOf(parts);
    }

    public static Message of(String role, String content) {
        return new Message(role, List.of(content));
    }
}
