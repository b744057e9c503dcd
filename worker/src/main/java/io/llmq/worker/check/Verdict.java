package io.llmq.worker.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmq.schema.Json;

import java.util.List;

/** What the output checks make of one answer; the call stage switches over it. */
public sealed interface Verdict {

    /** Every check that ran, in order; empty when none applied. */
    List<CheckResult> results();

    /** The checks as the result line shows them, {@code [{"check", "passed", "detail"?}]}; null when none ran. */
    default String resultsJson() {
        if (results().isEmpty()) {
            return null;
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (var r : results()) {
            var item = array.addObject().put("check", r.check()).put("passed", r.passed());
            if (r.detail() != null) {
                item.put("detail", r.detail());
            }
        }
        return Json.toText(array);
    }

    /** The answer is the job's result: it passed, or the batch keeps it anyway. */
    record Accept(List<CheckResult> results) implements Verdict {
        public static final Accept NOTHING_CHECKED = new Accept(List.of());
    }

    /**
     * Call again: with {@code maxTokens} as the answer's limit when it was cut (null: the same
     * request again). {@code reason} is the error code the job would have failed with.
     */
    record Retry(List<CheckResult> results, Integer maxTokens, String reason) implements Verdict {
    }

    /** The job fails with {@code code} (stable: {@code output_truncated}, {@code output_invalid_json}, {@code output_schema_mismatch}). */
    record Fail(List<CheckResult> results, String code, String message) implements Verdict {
    }
}
