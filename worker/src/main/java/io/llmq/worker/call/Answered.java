package io.llmq.worker.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.check.OutputChecks;
import io.llmq.worker.check.Verdict;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.CallAttempt;
import io.llmq.worker.provider.ProviderOutcome;

/**
 * What a successful call means for its job, once the output checks have read the answer: the
 * job's result, a call again (billed like any other: the answer's bill goes with the job's
 * outcome), or a failed job that shows the answer beside its error.
 */
final class Answered {
    private final OutputChecks checks;
    private final BatchOptions options;
    private final RetryPolicy retry;
    private final CallMeters meters;

    Answered(OutputChecks checks, BatchOptions options, RetryPolicy retry, CallMeters meters) {
        this.checks = checks;
        this.options = options;
        this.retry = retry;
        this.meters = meters;
    }

    /** The checks on a stored (cached) answer, which is never called again for: anything but an accept is a miss. */
    Verdict judgeStored(JobMessage job, String answerBody) {
        return checks.judge(new OutputChecks.Question(job.url(), job.body(), answerBody, options.output(job.batchId()), 0, 0, false));
    }

    Step step(Pass pass, Link link, ObjectNode body, ProviderOutcome.Success s, CallAttempt sent, int attempt) {
        var job = pass.job();
        var billed = BilledAttempt.call(attempt, sent.attemptId(), link.deployment(), link.model().id(), s.usage(), sent.calledAtMillis());
        pass.billed().add(billed);
        var verdict = checks.judge(new OutputChecks.Question(job.url(), body, s.body(), options.output(job.batchId()),
                link.model().maxOutputTokens(), pass.attempts().outputRetries(), pass.attempts().budgetLeft(link.model().id(), retry)));
        verdict.results().forEach(r -> meters.checked(link.model().id(), r.check(), r.passed()));
        return switch (verdict) {
            case Verdict.Accept a -> {
                var succeeded = Outcomes.succeeded(job, link, s, pass.attempts().count(), pass.billed()).withChecks(a.resultsJson());
                // an answer kept although a check failed is not one to hand out again from the cache
                var cacheable = pass.cacheKey() != null && a.results().stream().allMatch(r -> r.passed());
                yield new Step.Ended(new Run.Finished(cacheable ? succeeded.cacheableUnder(pass.cacheKey()) : succeeded));
            }
            case Verdict.Retry r -> {
                // the delivery keeps holding its call (the fence is not left): it carries a billed answer
                pass.attempts().retriedForOutput(billed, r);
                yield new Step.Again(null);
            }
            case Verdict.Fail f -> new Step.Ended(new Run.Finished(Outcomes.failedCheck(job, link, s, f, pass.attempts(), pass.billed())));
        };
    }
}
