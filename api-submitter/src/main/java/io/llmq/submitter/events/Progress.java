package io.llmq.submitter.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.status.BatchStatus;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A batch's progress as one consistent reading of its row: the counts, tokens and cost the workers
 * keep in the same transaction as each result, plus the finishing rate over the last seconds.
 *
 * @param recentlyEnded jobs that ended within {@link #RATE_WINDOW} before {@code at}
 * @param startedAt     when its jobs were all in Kafka (or created, before that)
 * @param endedAt       when the batch ended; null while it runs
 */
record Progress(String batchId, BatchStatus status, int total, int succeeded, int failed, int cancelled, int expired,
                long inputTokens, long outputTokens, BigDecimal cost, int recentlyEnded, Instant startedAt, Instant at,
                Instant endedAt) {
    static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    int done() {
        return succeeded + failed + cancelled + expired;
    }

    /** How long it ran: until it ended, or until now. */
    Duration elapsed() {
        var until = endedAt != null ? endedAt : at;
        return until.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, until);
    }

    /**
     * Jobs ended per second over the last {@link #RATE_WINDOW} (or since the start, if shorter);
     * once the batch has ended, the average over its whole run.
     */
    double ratePerSecond() {
        if (endedAt != null) {
            return done() / Math.max(1.0, elapsed().toMillis() / 1000.0);
        }
        var running = Duration.between(startedAt, at);
        var window = running.compareTo(RATE_WINDOW) < 0 ? running : RATE_WINDOW;
        var seconds = Math.max(1.0, window.toMillis() / 1000.0);
        return recentlyEnded / seconds;
    }

    /** Seconds until the last job ends at the current rate; null when ended or not moving. */
    Long etaSeconds() {
        var rate = ratePerSecond();
        if (status.isTerminal() || rate <= 0) {
            return null;
        }
        return (long) Math.ceil((total - done()) / rate);
    }

    /** What a client needs to tell that something moved (the rate alone moves every second). */
    boolean sameCountsAs(Progress other) {
        return other != null && status == other.status && done() == other.done() && succeeded == other.succeeded
                && failed == other.failed && cost.compareTo(other.cost) == 0;
    }

    ObjectNode toJson() {
        var body = Json.object();
        body.put("batch_id", batchId);
        body.put("status", status.wireName());
        body.put("total", total);
        body.put("done", done());
        body.put("succeeded", succeeded);
        body.put("failed", failed);
        body.put("cancelled", cancelled);
        body.put("expired", expired);
        body.put("in_flight", total - done());
        body.put("input_tokens", inputTokens);
        body.put("output_tokens", outputTokens);
        body.put("cost_usd", cost.signum() == 0 ? "0" : cost.stripTrailingZeros().toPlainString());
        body.put("rate_per_s", Math.round(ratePerSecond() * 10) / 10.0);
        var eta = etaSeconds();
        if (eta == null) {
            body.putNull("eta_s");
        } else {
            body.put("eta_s", eta);
        }
        body.put("elapsed_s", elapsed().toSeconds());
        body.put("at", at.toString());
        return body;
    }
}
