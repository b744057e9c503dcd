package io.llmq.worker.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.JobStatus;
import io.llmq.worker.cache.ResponseCache;
import io.llmq.worker.check.Verdict;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.provider.ProviderOutcome;

import java.io.IOException;
import java.util.List;

/** Builds the terminal outcomes of the call stage, in one place. */
final class Outcomes {

    private Outcomes() {
    }

    /** Model and deployment are the ones that answered, which a fallback may have changed. */
    static Outcome succeeded(JobMessage job, Link link, ProviderOutcome.Success s, int attempts, List<BilledAttempt> billed) {
        return new Outcome(job, true, s.statusCode(), s.requestId(), s.body(), null, link.model().id(), link.deployment(),
                attempts, billed);
    }

    /** Answered, billed, and failed by an output check: the answer stays beside the error, for the caller to see. */
    static Outcome failedCheck(JobMessage job, Link link, ProviderOutcome.Success s, Verdict.Fail fail, AttemptLog log,
                               List<BilledAttempt> billed) {
        return new Outcome(job, false, s.statusCode(), s.requestId(), s.body(), errorJson(fail.code(), fail.message(), log),
                link.model().id(), link.deployment(), log.count(), billed).withChecks(fail.resultsJson());
    }

    /** Answered from the response cache: no call, a zero-cost ledger row, marked cached. */
    static Outcome fromCache(JobMessage job, ResponseCache.Hit hit, long nowMillis) {
        return new Outcome(job, JobStatus.SUCCEEDED, hit.statusCode(), null, hit.responseJson(), null, job.model(),
                BilledAttempt.CACHE_DEPLOYMENT, 0, List.of(BilledAttempt.cacheHit(job.model(), nowMillis)), true, null, null);
    }

    static Outcome rejected(JobMessage job, Link link, ProviderOutcome.Permanent p, AttemptLog log, List<BilledAttempt> billed) {
        return new Outcome(job, false, p.statusCode(), p.requestId(), asJson(p.body()),
                errorJson(p.code(), p.message(), log), link.model().id(), link.deployment(), log.count(), billed);
    }

    /** A dead letter: the budget is spent; every attempt is in the error. */
    static Outcome gaveUp(JobMessage job, Link link, String code, String message, AttemptLog log, List<BilledAttempt> billed) {
        return new Outcome(job, false, null, null, null, errorJson(code, message, log),
                link == null ? job.model() : link.model().id(), link == null ? null : link.deployment(), log.count(), billed);
    }

    static String errorJson(String code, String message, AttemptLog log) {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("message", message);
        if (log != null && log.count() > 0) {
            error.set("attempts", log.entries());
        }
        return Json.toText(error);
    }

    /** Providers sometimes answer errors with HTML; jsonb needs JSON, so such a body is wrapped. */
    static String asJson(String body) {
        try {
            if (body != null && !body.isBlank() && !Json.MAPPER.readTree(body).isMissingNode()) {
                return body;
            }
        } catch (IOException notJson) {
            // fall through
        }
        var wrapped = Json.object();
        wrapped.putObject("error").put("message", body == null ? "" : body.substring(0, Math.min(body.length(), 2000)));
        return Json.toText(wrapped);
    }
}
