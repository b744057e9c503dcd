package io.llmq.simulator.limits;

import java.time.Duration;

/**
 * The verdict on one call, with the figures a provider puts in its rate-limit headers.
 *
 * @param retryAfter zero when admitted
 */
public record Admission(boolean admitted, Duration retryAfter, long limitRequests, long remainingRequests,
                        Duration resetRequests, long limitTokens, long remainingTokens, Duration resetTokens) {
}
