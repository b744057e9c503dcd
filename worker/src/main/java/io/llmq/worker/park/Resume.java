package io.llmq.worker.park;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * What a job carries from one delivery to the next when it was parked: the provider calls it has
 * already made (its spent attempt budget) and their history, as Kafka headers on the re-enqueued
 * record. A first delivery has none.
 *
 * @param attempts    provider calls made so far
 * @param historyJson a JSON array of those attempts, as the call stage records them
 * @param resumed     true when the record came back from the park (not a first delivery)
 */
public record Resume(int attempts, String historyJson, boolean resumed) {
    public static final Resume FIRST = new Resume(0, "[]", false);
    static final String ATTEMPTS = "llmq-attempts";
    static final String HISTORY = "llmq-history";

    public Resume {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, got " + attempts);
        }
        historyJson = historyJson == null || historyJson.isBlank() ? "[]" : historyJson;
    }

    public static Resume fromHeaders(Headers headers) {
        var attempts = headers.lastHeader(ATTEMPTS);
        if (attempts == null) {
            return FIRST;
        }
        var history = headers.lastHeader(HISTORY);
        try {
            return new Resume(Integer.parseInt(new String(attempts.value(), StandardCharsets.UTF_8)),
                    history == null ? "[]" : new String(history.value(), StandardCharsets.UTF_8), true);
        } catch (RuntimeException e) {
            return FIRST;
        }
    }

    Headers toHeaders() {
        var headers = new RecordHeaders();
        headers.add(ATTEMPTS, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        headers.add(HISTORY, historyJson.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
