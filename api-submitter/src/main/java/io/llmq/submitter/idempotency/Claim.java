package io.llmq.submitter.idempotency;

/** What an {@code Idempotency-Key} says about a create request; callers switch over it. */
public sealed interface Claim {

    /** The key is new (or its old use expired): this request does the work and stores its answer. */
    record Fresh() implements Claim {
    }

    /** The same request came before and was answered: send that answer again. */
    record Replay(int statusCode, String body) implements Claim {
    }

    /** The key was used for a different request body. */
    record Mismatch() implements Claim {
    }

    /** The first request with this key is still being handled. */
    record InProgress() implements Claim {
    }
}
