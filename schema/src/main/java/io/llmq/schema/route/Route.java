package io.llmq.schema.route;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a batch's jobs reach the provider, as {@code metadata.llmq_route} names it: one synchronous
 * call per job ({@code sync}, the default), the provider's own batch API at its batch price
 * ({@code provider_batch}), or llmq's choice ({@code auto}: the provider batch API for a batch that
 * is not {@code high} and has models with one, synchronous calls otherwise). {@code batches.route}
 * and {@code dispatch_queue.route} hold the route taken, never {@code auto}.
 */
public enum Route {
    SYNC("sync"), PROVIDER_BATCH("provider_batch"), AUTO("auto");

    /** The metadata key a batch names its route with. */
    public static final String METADATA_KEY = "llmq_route";

    private final String wireName;

    Route(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The route a wire name names; empty for anything else (a value to refuse, not an exception). */
    public static Optional<Route> parse(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(wireName)).findFirst();
    }

    /** The wire names a batch may ask for, for error messages. */
    public static String choices() {
        return String.join(" | ", Arrays.stream(values()).map(Route::wireName).toList());
    }
}
