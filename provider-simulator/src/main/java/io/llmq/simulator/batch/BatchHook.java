package io.llmq.simulator.batch;

import java.util.function.IntConsumer;

/**
 * A seam for crash tests (the chaos suite's provider-batch run): told, on the request's own thread,
 * where a client's call to a batch API stands at the moments after which a client killed with
 * {@code kill -9} leaves different states behind. A hook may block (the client waits, as on a slow
 * provider) while the test kills the client. Every method's default does nothing.
 *
 * <p>Covered: OpenAI's input file upload, {@code POST /v1/batches} and its output and error file
 * downloads; Anthropic's {@code POST /v1/messages/batches} and its results download. Gemini's batch
 * mode answers its results inline in the batch object, so it has no download to strike during.
 */
public interface BatchHook {
    BatchHook NONE = new BatchHook() {
    };

    /**
     * A create has arrived and nothing of it is stored yet.
     *
     * @return false to lose it: nothing is stored, and the answer is a 503 (as if the request never got through)
     */
    default boolean arrived(BatchCall call) {
        return true;
    }

    /** The create is stored (the batch exists and runs); its answer has not been sent yet. */
    default void created(BatchCall call, String batchId) {
    }

    /**
     * A result download starts.
     *
     * @param results what is being downloaded: OpenAI's output or error file id, Anthropic's batch id
     * @return told the number (from 0) of each line just before it is sent, on the request's thread
     */
    default IntConsumer downloading(BatchCall call, String results) {
        return line -> { };
    }
}
