package io.llmq.submitter.webhook;

import java.util.List;

/** The events llmq sends, as OpenAI names its batch webhooks; written by the trigger on {@code batches} (V11). */
final class EventTypes {
    static final List<String> ALL = List.of("batch.completed", "batch.failed", "batch.cancelled", "batch.expired");

    private EventTypes() {
    }
}
