package io.llmq.worker.provider.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.worker.provider.ProviderClient;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Unsupported;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What every adapter checks before a create, so a mistake of the caller is never sent. */
public final class BatchChecks {

    private BatchChecks() {
    }

    /** @throws IllegalArgumentException unless there are 1 to {@code limits.maxRequests()} requests */
    public static void count(String provider, List<ProviderBatchRequest> requests, ProviderBatchApi.Limits limits) {
        if (requests.isEmpty() || requests.size() > limits.maxRequests()) {
            throw new IllegalArgumentException("a " + provider + " batch holds 1 to " + limits.maxRequests() + " requests, got "
                    + requests.size());
        }
    }

    /** @throws IllegalArgumentException if the batch's {@code bytes} are more than {@code limits.maxBytes()} */
    public static void bytes(String provider, long bytes, int requests, ProviderBatchApi.Limits limits) {
        if (bytes > limits.maxBytes()) {
            throw new IllegalArgumentException("a " + provider + " batch holds at most " + limits.maxBytes() + " bytes, these "
                    + requests + " requests take " + bytes);
        }
    }

    /**
     * The refusal of an adapter that serves chat only and translates each request with
     * {@code translation}: the same outcome its single-call adapter gives the request alone.
     */
    public static Optional<ProviderOutcome> chatRefusal(String provider, ProviderBatchRequest request,
                                                        Function<ObjectNode, ObjectNode> translation) {
        var refused = ProviderClient.unlessChat(provider, request.path());
        if (refused != null) {
            return Optional.of(refused);
        }
        try {
            translation.apply(request.body());
            return Optional.empty();
        } catch (Unsupported e) {
            return Optional.of(e.outcome());
        }
    }

    /** The request translated, or {@link IllegalArgumentException} if {@link ProviderBatchApi#refusal} refuses it. */
    public static ObjectNode translated(String provider, ProviderBatchRequest request, Function<ObjectNode, ObjectNode> translation) {
        var refused = chatRefusal(provider, request, translation);
        if (refused.isPresent()) {
            throw new IllegalArgumentException("request " + request.customId() + " cannot go to " + provider + ": " + refused.get());
        }
        return translation.apply(request.body());
    }
}
