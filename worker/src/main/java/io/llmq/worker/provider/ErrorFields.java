package io.llmq.worker.provider;

/**
 * The structured parts of a provider's error body, as each adapter finds them in its format:
 * OpenAI {@code error.code / error.type}, Anthropic {@code error.type}, Gemini {@code error.status}.
 */
public record ErrorFields(String code, String type, String message) {
    public static final ErrorFields NONE = new ErrorFields(null, null, null);

    /** The most specific machine-readable name the provider gave. */
    public String name() {
        return code != null ? code : type;
    }
}
