package io.llmq.simulator.openai;

/**
 * Carries a 4xx out of the depths of request parsing. It never leaves the parser, which turns it
 * into a {@link ParsedRequest.Invalid} value, or the Files and Batches handler ({@link Replies#guarded});
 * no stack trace, because bad input is routine.
 */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final transient OpenAiError error;

    Refusal(OpenAiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }
}
