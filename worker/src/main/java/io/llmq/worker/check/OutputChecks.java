package io.llmq.worker.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.output.OutputOptions;
import io.llmq.schema.output.OutputOptions.Reaction;
import io.llmq.schema.output.ResponseFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * The step after a successful provider call: checks the answer and says whether it is the job's
 * result, whether to call again, or whether the job fails. Two checks exist:
 *
 * <ul>
 *   <li>{@code finish_reason}: the answer was not cut at its token limit. It runs when the batch
 *       sets {@code llmq_on_length}, and with every JSON check (a cut is why JSON breaks off).
 *       {@code retry} calls again with the limit doubled, up to the model's {@code max_output_tokens}.</li>
 *   <li>{@code json_schema} / {@code json_object}: the content fits the request's {@code response_format}.
 *       {@code retry} sends the same request again.</li>
 * </ul>
 *
 * <p>A batch that asks for no check and whose requests have no JSON response_format gets none:
 * its result lines are as they were. Only {@code /v1/chat/completions} answers are read today;
 * another endpoint joins by reading its own answer shape (see {@link ChatAnswer}).
 */
public final class OutputChecks {
    public static final String CHAT = "/v1/chat/completions";
    public static final int DEFAULT_MAX_RETRIES = 3;
    static final String FINISH_REASON = "finish_reason";

    private final int maxRetries;
    private final ContentChecks content = new ContentChecks();

    /** @param maxRetries calls made again because of a failed check, per job ({@code LLMQ_OUTPUT_CHECK_RETRIES}) */
    public OutputChecks(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("LLMQ_OUTPUT_CHECK_RETRIES must be 0 or more, got " + maxRetries);
        }
        this.maxRetries = maxRetries;
    }

    /** What one answer means for its job. */
    public record Question(String url, JsonNode sentBody, String answerBody, OutputOptions options, int maxOutputTokens,
                           int retriesSoFar, boolean mayCallAgain) {
    }

    public Verdict judge(Question q) {
        var format = CHAT.equals(q.url()) ? ResponseFormat.of(q.sentBody()) : new ResponseFormat.Text();
        var checksJson = format instanceof ResponseFormat.JsonObject || format instanceof ResponseFormat.JsonSchema;
        if (!CHAT.equals(q.url()) || !(checksJson || q.options().checksLength())) {
            return Verdict.Accept.NOTHING_CHECKED;
        }
        var answer = ChatAnswer.read(q.answerBody());
        if (answer.isEmpty()) {
            return Verdict.Accept.NOTHING_CHECKED;
        }
        var canRetry = q.mayCallAgain() && q.retriesSoFar() < maxRetries;
        List<CheckResult> results = new ArrayList<>();
        if ("length".equals(answer.get().finishReason())) {
            var limit = TokenLimit.of(q.sentBody());
            results.add(CheckResult.fail(FINISH_REASON, "the answer was cut at its token limit ("
                    + (limit == null ? "the model's own" : limit + " tokens") + ")"));
            var reaction = q.options().lengthReaction();
            if (reaction != Reaction.KEEP) {
                var grown = TokenLimit.doubled(limit, q.maxOutputTokens());
                if (reaction == Reaction.RETRY && canRetry && grown != null) {
                    return new Verdict.Retry(List.copyOf(results), grown, "output_truncated");
                }
                return new Verdict.Fail(List.copyOf(results), "output_truncated", "The answer was cut at its token limit"
                        + (limit == null ? "" : " of " + limit) + " (finish_reason \"length\")"
                        + (reaction == Reaction.RETRY ? " after " + q.retriesSoFar() + " retries with more tokens" : "") + ".");
            }
        } else {
            results.add(CheckResult.pass(FINISH_REASON));
        }
        if (!checksJson) {
            return new Verdict.Accept(List.copyOf(results));
        }
        var checked = content.check(format, answer.get().content());
        results.add(checked.result());
        if (checked.result().passed()) {
            return new Verdict.Accept(List.copyOf(results));
        }
        var strict = format instanceof ResponseFormat.JsonSchema s && s.strict();
        var code = checked.unparsable() ? "output_invalid_json" : "output_schema_mismatch";
        return switch (q.options().invalidReaction(strict)) {
            case KEEP -> new Verdict.Accept(List.copyOf(results));
            case RETRY -> canRetry ? new Verdict.Retry(List.copyOf(results), null, code)
                    : new Verdict.Fail(List.copyOf(results), code, failure(checked.result(), q.retriesSoFar()));
            case FAIL -> new Verdict.Fail(List.copyOf(results), code, failure(checked.result(), -1));
        };
    }

    private static String failure(CheckResult result, int retries) {
        return "The answer does not fit the request's response_format (" + result.check() + "): " + result.detail()
                + (retries >= 0 ? " (after " + retries + " retries)" : "") + ".";
    }
}
