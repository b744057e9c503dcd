package io.llmq.worker.provider.batch;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One deployment's own batch API (OpenAI Batch, Anthropic Message Batches, Gemini batch mode): many
 * requests handed over at once, answered within the provider's window at its batch price. Every
 * adapter takes OpenAI-format request bodies and gives OpenAI-format answers, as {@code ProviderClient}
 * does for single calls, so the worker maps results back to jobs in one way.
 *
 * <p>Failures of the API itself (a 5xx on create, a reset while polling) throw {@link IOException}: the
 * caller keeps its durable state and asks again later. A request that failed inside a provider batch is
 * not an exception: it is a {@link ProviderBatchResult} whose outcome is a failure.
 */
public interface ProviderBatchApi {

    /** The most one provider batch may hold: requests and bytes of its input. */
    record Limits(int maxRequests, long maxBytes) {
    }

    Limits limits();

    /**
     * Creates one provider batch of {@code requests} and returns the provider's id for it.
     *
     * @param key llmq's durable name for this provider batch, written before the call; the adapter
     *            attaches it where the provider keeps it (metadata, display name, input file name), so
     *            that {@link #find} can tell after a crash whether the create reached the provider
     */
    String create(String key, List<ProviderBatchRequest> requests) throws IOException, InterruptedException;

    /**
     * The id of the provider batch created under {@code key} no earlier than {@code notBefore}, if one
     * exists: how a worker that died between the create and recording its answer finds it again, so
     * a provider batch is never created twice.
     */
    Optional<String> find(String key, Instant notBefore) throws IOException, InterruptedException;

    /** Where the provider batch stands now. */
    ProviderBatchStatus poll(String providerBatchId) throws IOException, InterruptedException;

    /**
     * Streams every result of an ended provider batch, in no particular order, once each; results
     * are read as they arrive, never all held in memory.
     */
    void results(String providerBatchId, Consumer<ProviderBatchResult> each) throws IOException, InterruptedException;

    /** Asks the provider to cancel; requests it already answered still come back in the results. */
    void cancel(String providerBatchId) throws IOException, InterruptedException;
}
