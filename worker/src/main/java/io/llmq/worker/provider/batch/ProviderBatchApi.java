package io.llmq.worker.provider.batch;

import io.llmq.worker.provider.ProviderOutcome;

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
 * caller keeps its durable state and asks again later. A non-2xx answer is a {@link ProviderBatchException},
 * whose {@code retryable()} tells a 429 / 5xx (ask again) from a 400 / 401 (asking again fails the same
 * way). A request that failed inside a provider batch is not an exception: it is a
 * {@link ProviderBatchResult} whose outcome is a failure.
 *
 * <p>Adapters: {@code OpenAiBatchApi}, {@code anthropic.AnthropicBatchApi}, {@code gemini.GeminiBatchApi};
 * {@code ProviderBatchApis.forDeployment} picks one for a deployment.
 */
public interface ProviderBatchApi {

    /** The most one provider batch may hold: requests and bytes of its input. */
    record Limits(int maxRequests, long maxBytes) {
    }

    Limits limits();

    /**
     * The outcome {@code request} gets without being sent, when this provider's batch API cannot carry
     * it (an endpoint or a parameter its format lacks, as {@code ProviderClient} would refuse it alone),
     * or empty. {@link #create} refuses a list holding such a request, so a caller settles these first.
     */
    default Optional<ProviderOutcome> refusal(ProviderBatchRequest request) {
        return Optional.empty();
    }

    /**
     * Creates one provider batch of {@code requests} and returns the provider's id for it.
     *
     * @param key llmq's durable name for this provider batch, written before the call; the adapter
     *            attaches it where the provider keeps it (metadata, display name, input file name), so
     *            that {@link #find} can tell after a crash whether the create reached the provider
     * @throws IllegalArgumentException for more requests or bytes than {@link #limits()}, requests of
     *            more than one endpoint, or a request {@link #refusal} refuses: the caller's mistake,
     *            never sent
     */
    String create(String key, List<ProviderBatchRequest> requests) throws IOException, InterruptedException;

    /**
     * The id of the provider batch created under {@code key} no earlier than {@code notBefore}, if one
     * exists: how a worker that died between the create and recording its answer finds it again, so
     * a provider batch is never created twice. Throws {@link IOException} when the provider cannot tell
     * yet (Anthropic shows a batch's requests only once it has ended, so a batch created since
     * {@code notBefore} and still running may be this key's): ask again later, never create meanwhile.
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
