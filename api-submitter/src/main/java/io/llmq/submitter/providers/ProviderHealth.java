package io.llmq.submitter.providers;

import java.time.Instant;

/**
 * One worker's view of one deployment, as the worker last published it to {@code provider_health}.
 *
 * @param concurrencyTarget the calls in flight the worker's sizing aims at for the whole fleet; null from workers before V9
 */
record ProviderHealth(String deployment, String worker, String provider, String breakerState, Float failureRate,
                      Float slowCallRate, int windowCalls, int windowFailed, long notPermitted, Float latencyMs,
                      int inFlight, Integer concurrencyTarget, Instant updatedAt) {
}
