package io.llmq.worker.providerbatch;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.output.OutputOptions;
import io.llmq.worker.check.OutputChecks;
import io.llmq.worker.check.Verdict;
import io.llmq.worker.provider.ProviderOutcome;

import java.util.function.Supplier;

/**
 * The output checks on a provider batch's answers, the same as on a synchronous call's answer
 * ({@code llmq_on_length}, {@code llmq_on_invalid_output}; {@link OutputChecks}). The answer came
 * once, so a check asking for a {@code retry} sends the job back to synchronous calls, where the
 * checks' own retries (with more tokens, when the answer was cut) take it from the start.
 */
final class AnswerChecks {
    private final OutputChecks checks;
    private final Supplier<Catalogue> catalogue;

    AnswerChecks(OutputChecks checks, Supplier<Catalogue> catalogue) {
        this.checks = checks;
        this.catalogue = catalogue;
    }

    /** What the checks make of one result; anything but an answer is not checked. */
    Verdict judge(JobMessage job, ProviderOutcome result, OutputOptions options) {
        if (!(result instanceof ProviderOutcome.Success s)) {
            return Verdict.Accept.NOTHING_CHECKED;
        }
        // the model's own limit bounds a doubled max_tokens; unknown (the catalogue changed), the request's limit is all
        var maxOutputTokens = catalogue.get().model(job.model()).map(m -> m.maxOutputTokens()).orElse(0);
        return checks.judge(new OutputChecks.Question(job.url(), job.body(), s.body(), options, maxOutputTokens, 0, true));
    }
}
