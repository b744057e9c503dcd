package io.llmq.cli.api;

import java.util.Map;

/**
 * What {@code POST /v1/batches} needs from a client.
 *
 * @param priority {@code high}, {@code normal} or {@code low} (llmq's extension)
 * @param window   the completion window, e.g. {@code 24h}
 */
public record NewBatch(String inputFileId, String endpoint, String window, String priority, Map<String, String> metadata) {
}
