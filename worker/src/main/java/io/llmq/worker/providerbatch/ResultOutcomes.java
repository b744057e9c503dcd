package io.llmq.worker.providerbatch;

import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.check.Verdict;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.provider.ProviderOutcome;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What one provider batch result makes of its job, as a synchronous call's answer would: an answer
 * succeeds with one ledger row of kind {@code provider_batch} (the usage the provider reported,
 * priced as of the provider batch's creation) after the output checks, a refused request fails with
 * the provider's error and no ledger row. A retryable result (expired, cancelled, a server error
 * inside the batch) makes no outcome: the job is handed back to synchronous calls. An answer an
 * output check retries is handed back too, and billed on the ledger ({@link #billedHandBack}).
 */
final class ResultOutcomes {

    private ResultOutcomes() {
    }

    static Optional<Outcome> of(JobMessage job, ProviderOutcome result, ProviderBatchRow row) {
        return of(job, result, row, Verdict.Accept.NOTHING_CHECKED);
    }

    /**
     * As {@link #of(JobMessage, ProviderOutcome, ProviderBatchRow)}, with the output checks' verdict on
     * an answer: accepted, it succeeds showing the checks; failed, the job fails with the check's code,
     * billed, the answer beside the error, as a synchronous call's; to retry, it makes no outcome and
     * goes back to synchronous calls.
     */
    static Optional<Outcome> of(JobMessage job, ProviderOutcome result, ProviderBatchRow row, Verdict verdict) {
        return switch (result) {
            case ProviderOutcome.Success s -> {
                var billed = List.of(BilledAttempt.providerBatch(row.providerId(), row.deployment(), job.model(), s.usage(),
                        row.createdAt().toEpochMilli()));
                yield switch (verdict) {
                    case Verdict.Accept a -> Optional.of(new Outcome(job, true, s.statusCode(), s.requestId(), s.body(), null,
                            job.model(), row.deployment(), 1, billed).withChecks(a.resultsJson()));
                    case Verdict.Fail f -> Optional.of(new Outcome(job, false, s.statusCode(), s.requestId(), s.body(),
                            errorJson(f.code(), f.message()), job.model(), row.deployment(), 1, billed).withChecks(f.resultsJson()));
                    case Verdict.Retry r -> Optional.empty();
                };
            }
            case ProviderOutcome.Permanent p -> Optional.of(new Outcome(job, false, p.statusCode(), p.requestId(), asJson(p.body()),
                    errorJson(p.code(), p.message()), job.model(), row.deployment(), 1, List.of()));
            case ProviderOutcome.Retryable r -> Optional.empty();
        };
    }

    /**
     * The ledger's side of an answer an output check sent back to synchronous calls: the provider
     * billed it, so it is a ledger row ({@link BilledAttempt#providerBatchHandedBack}) although the
     * job's outcome comes later; empty for a result that was not an answer (not billed).
     */
    static Optional<Outcome> billedHandBack(JobMessage job, ProviderOutcome result, ProviderBatchRow row) {
        if (!(result instanceof ProviderOutcome.Success s)) {
            return Optional.empty();
        }
        var billed = List.of(BilledAttempt.providerBatchHandedBack(row.providerId(), row.deployment(), job.model(), s.usage(),
                row.createdAt().toEpochMilli()));
        return Optional.of(new Outcome(job, false, s.statusCode(), s.requestId(), null, null, job.model(), row.deployment(), 1, billed));
    }

    private static String errorJson(String code, String message) {
        var error = Json.object();
        error.put("code", code == null ? "provider_error" : code);
        error.put("message", message == null ? "The provider refused this request in its batch." : message);
        return Json.toText(error);
    }

    /** The provider's error body as JSON (jsonb needs JSON; some answer with text), or null when there is none. */
    private static String asJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            if (!Json.MAPPER.readTree(body).isMissingNode()) {
                return body;
            }
        } catch (IOException notJson) {
            // wrapped below
        }
        var wrapped = Json.object();
        wrapped.putObject("error").put("message", body.substring(0, Math.min(body.length(), 2000)));
        return Json.toText(wrapped);
    }
}
