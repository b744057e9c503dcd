package io.llmq.worker.webhook;

import java.time.Duration;
import java.util.List;

/**
 * A delivery claimed for one attempt, with what sending it needs from its endpoint.
 *
 * @param attempt  this attempt's number (1 for the first)
 * @param eventAge how old the event was when the attempt was claimed
 * @param secrets  the endpoint's secret, and the previous one while its grace period lasts
 */
record Claimed(String id, String endpointId, String tenantId, String url, String eventId, String eventType, String body,
               int attempt, Duration eventAge, List<String> secrets) {
}
