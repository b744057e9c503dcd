package io.llmq.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.api.ApiException;
import io.llmq.cli.api.Json;
import io.llmq.cli.api.LlmqClient;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a batch on {@code GET /v1/batches/{id}/events} and draws its progress until the
 * {@code end} event. A dropped stream (a submitter restart, a proxy timeout) is reopened with
 * {@code Last-Event-ID}, a few times in a row at most.
 */
public final class Watch {
    static final int MAX_RECONNECTS = 5;
    static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);

    private final LlmqClient client;
    private final ProgressBar bar;

    public Watch(LlmqClient client, ProgressBar bar) {
        this.client = client;
        this.bar = bar;
    }

    /** Blocks until the batch has ended; returns the final progress ({@code status}, counts, {@code cost_usd}). */
    public JsonNode until(String batchId) throws IOException, InterruptedException, ApiException {
        var end = new AtomicReference<JsonNode>();
        String lastId = null;
        var failures = 0;
        while (true) {
            try (var stream = client.events(batchId, lastId)) {
                lastId = ServerSentEvents.read(stream, lastId, event -> {
                    switch (event.type()) {
                        case "snapshot", "progress" -> bar.show(reading(Json.MAPPER.readTree(event.data())), false);
                        case "end" -> {
                            var last = Json.MAPPER.readTree(event.data());
                            bar.show(reading(last), true);
                            end.set(last);
                            return false;
                        }
                        default -> {
                            // job events: the bar's counts already include them
                        }
                    }
                    return true;
                });
                failures = 0;
            } catch (IOException e) {
                if (++failures > MAX_RECONNECTS) {
                    throw new IOException("lost the progress stream of " + batchId + " " + failures + " times in a row: " + e.getMessage(), e);
                }
            }
            if (end.get() != null) {
                return end.get();
            }
            Thread.sleep(RECONNECT_PAUSE);
        }
    }

    static ProgressBar.Reading reading(JsonNode p) {
        var eta = p.path("eta_s");
        return new ProgressBar.Reading(p.path("total").asInt(), p.path("succeeded").asInt(),
                p.path("failed").asInt() + p.path("cancelled").asInt() + p.path("expired").asInt(),
                p.path("in_flight").asInt(), p.path("rate_per_s").asDouble(),
                eta.isNumber() ? Duration.ofSeconds(eta.asLong()) : null,
                p.path("input_tokens").asLong() + p.path("output_tokens").asLong(),
                new BigDecimal(p.path("cost_usd").asText("0")));
    }
}
