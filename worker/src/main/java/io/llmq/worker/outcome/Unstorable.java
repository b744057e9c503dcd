package io.llmq.worker.outcome;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.JobStatus;

/**
 * The outcome written instead of one PostgreSQL refused: the job fails with
 * {@value #CODE}, keeps what it was billed, and carries nothing of the refused answer.
 */
final class Unstorable {
    /** The error code of such a job, in its error file line and its {@code job} event. */
    static final String CODE = "result_not_storable";

    private Unstorable() {
    }

    /**
     * @param customId the custom id to store: the job's own, or its job id when another job of the
     *                 batch already holds the same one (as PostgreSQL compares them), which would
     *                 refuse this row as well
     * @param sqlState what refused the original outcome, for the message
     */
    static Outcome instead(Outcome refused, String customId, String sqlState) {
        var job = refused.job();
        var stored = new JobMessage(job.jobId(), job.batchId(), job.tenantId(), customId, job.line(), job.url(), job.model(),
                job.body(), job.priority(), job.submittedAt(), job.expiresAt());
        return new Outcome(stored, JobStatus.FAILED, null, refused.requestId(), null, errorJson(refused, customId, sqlState),
                refused.model(), refused.deployment(), refused.attempts(), refused.billed());
    }

    private static String errorJson(Outcome refused, String customId, String sqlState) {
        ObjectNode error = Json.object();
        error.put("code", CODE);
        var message = new StringBuilder("llmq could not store this request's ")
                .append(refused.succeeded() ? "answer" : "outcome (" + refused.status().wireName() + ")")
                .append(": PostgreSQL refused it (SQLSTATE ").append(sqlState.isEmpty() ? "none" : sqlState).append(")");
        if (!customId.equals(refused.job().customId())) {
            message.append("; another request of this batch has the same custom_id as PostgreSQL stores it, so this")
                    .append(" line shows its job id instead");
        }
        if (!refused.billed().isEmpty()) {
            message.append(". The provider's usage of its attempts is billed");
        }
        error.put("message", message.append('.').toString());
        return Json.toText(error);
    }
}
