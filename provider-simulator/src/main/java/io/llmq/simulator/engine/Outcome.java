package io.llmq.simulator.engine;

import io.llmq.simulator.limits.Admission;

/**
 * What the engine made of a prompt. Wire formats switch over it and render each case in their own
 * shape; a future refusal (a 429 from per-model limits, an injected fault) becomes another case.
 */
public sealed interface Outcome {

    /** Served and billed. */
    record Served(Completion completion) implements Outcome {
    }

    /** Refused with a 429: the deployment's rate or concurrency limit is reached. Not billed. */
    record RateLimited(Admission admission) implements Outcome {
    }

    /** The simulator stopped while the call waited out its latency; nothing was served or billed. */
    record ShutDown() implements Outcome {
    }
}
