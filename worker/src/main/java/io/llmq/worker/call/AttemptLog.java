package io.llmq.worker.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.check.Verdict;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.park.Resume;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Every provider call a job made, across deliveries (a parked job carries its log with it): the
 * spent attempt budget, and what a dead-lettered job's error shows.
 */
final class AttemptLog {
    private static final String RATE_LIMITED = Failure.RATE_LIMITED.code();
    private final ArrayNode entries;
    private final Clock clock;

    private AttemptLog(ArrayNode entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    static AttemptLog from(Resume resume, Clock clock) {
        try {
            var node = Json.MAPPER.readTree(resume.historyJson());
            if (node instanceof ArrayNode array) {
                return new AttemptLog(array, clock);
            }
        } catch (IOException ignored) {
            // an unreadable history restarts the log; the attempt count still comes from the header below
        }
        var log = new AttemptLog(Json.MAPPER.createArrayNode(), clock);
        for (int i = 0; i < resume.attempts(); i++) {
            log.entries.addObject().put("attempt", i + 1).put("failure", "unknown");
        }
        return log;
    }

    /** Provider calls made so far; the next call is number {@code count() + 1}. */
    int count() {
        return entries.size();
    }

    /**
     * Whether the job may call {@code model} again. A fallback chain spends each model's budget
     * separately; and 429s have their own, larger budget: a 429 is the provider's pace, not the
     * request's failure, and five of them must not dead-letter a job that waits for a busy deployment.
     */
    boolean budgetLeft(String model, RetryPolicy retry) {
        return countFor(model, false) < retry.maxAttempts() && countFor(model, true) < retry.maxRateLimited();
    }

    /** Calls to {@code model} that ended other than in a 429: the attempts that spend the budget. */
    int spentOn(String model) {
        return countFor(model, false);
    }

    private int countFor(String model, boolean rateLimited) {
        int n = 0;
        for (JsonNode e : entries) {
            if (model.equals(e.path("model").asText(null)) && RATE_LIMITED.equals(e.path("failure").asText()) == rateLimited) {
                n++;
            }
        }
        return n;
    }

    /** Records one call and returns its attempt number. */
    int add(Link link, ProviderOutcome outcome) {
        var e = entries.addObject();
        e.put("attempt", entries.size());
        e.put("model", link.model().id());
        e.put("deployment", link.deployment());
        e.put("at", clock.millis());
        switch (outcome) {
            case ProviderOutcome.Success s -> {
                e.put("status_code", s.statusCode());
                e.put("result", "succeeded");
            }
            case ProviderOutcome.Retryable r -> {
                e.put("status_code", r.statusCode());
                e.put("result", "retryable");
                e.put("failure", r.failure().code());
                e.put("reason", r.reason());
                if (r.retryAfter() != null) {
                    e.put("retry_after_ms", r.retryAfter().toMillis());
                }
            }
            case ProviderOutcome.Permanent p -> {
                e.put("status_code", p.statusCode());
                e.put("result", "permanent");
                e.put("failure", p.failure().code());
                e.put("reason", p.code());
            }
        }
        return entries.size();
    }

    /**
     * The call numbered {@code billed.attempt()} was answered and billed, but its answer failed an
     * output check and the job calls again. Its bill rides in the log, so that it reaches the ledger
     * with the job's outcome even when the job parks in between and ends on another worker.
     */
    void retriedForOutput(BilledAttempt billed, Verdict.Retry retry) {
        var e = (ObjectNode) entries.get(billed.attempt() - 1);
        e.put("output_retry", retry.reason());
        if (retry.maxTokens() != null) {
            e.put("next_max_tokens", retry.maxTokens());
        }
        e.putObject("billed").put("attempt_id", billed.attemptId()).put("called_at", billed.calledAtMillis())
                .put("input_tokens", billed.usage().inputTokens()).put("cached_tokens", billed.usage().cachedTokens())
                .put("output_tokens", billed.usage().outputTokens());
    }

    /** Calls made again because an answer failed an output check. */
    int outputRetries() {
        int n = 0;
        for (JsonNode e : entries) {
            n += e.has("output_retry") ? 1 : 0;
        }
        return n;
    }

    /** The answer limit a cut answer's retry raised it to, for every later call; null when none was. */
    Integer raisedTokenLimit() {
        Integer limit = null;
        for (JsonNode e : entries) {
            limit = e.has("next_max_tokens") ? Integer.valueOf(e.get("next_max_tokens").asInt()) : limit;
        }
        return limit;
    }

    /** The billed answers this log carries (those retried for an output check), for the job's outcome. */
    List<BilledAttempt> billedRetries() {
        List<BilledAttempt> billed = new ArrayList<>();
        for (JsonNode e : entries) {
            var b = e.path("billed");
            if (b.isObject()) {
                billed.add(BilledAttempt.call(e.path("attempt").asInt(), b.path("attempt_id").asText(), e.path("deployment").asText(),
                        e.path("model").asText(), new Usage(b.path("input_tokens").asInt(), b.path("cached_tokens").asInt(),
                                b.path("output_tokens").asInt()), b.path("called_at").asLong()));
            }
        }
        return billed;
    }

    ArrayNode entries() {
        return entries;
    }

    Resume toResume() {
        return new Resume(entries.size(), Json.toText(entries), true);
    }
}
