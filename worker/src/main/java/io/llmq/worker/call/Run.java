package io.llmq.worker.call;

import io.llmq.worker.outcome.Outcome;

/** How running one delivery of a job ended. The consumer switches over it. */
public sealed interface Run {

    /** The job reached its terminal outcome, to be made durable before its offset is committed. */
    record Finished(Outcome outcome) implements Run {
    }

    /** The job waits in {@code parked_jobs}, durable there: its record may be committed past. */
    record Parked(String reason) implements Run {
    }

    /**
     * The worker is stopping, or the job's partition was handed to another worker: the job is left
     * unfinished and its record will be delivered again.
     */
    record Abandoned() implements Run {
    }
}
