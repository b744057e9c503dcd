package io.llmq.submitter.web;

import io.javalin.http.Context;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.http.Params;

import java.sql.SQLException;
import java.util.Optional;

/** A batch of the session's tenant, by the path's id; any other id (another tenant's too) answers a 404 page. */
final class OwnBatch {
    private OwnBatch() {
    }

    static Optional<BatchRecord> find(Context ctx, BatchStore batches, String tenantId) throws SQLException {
        var id = ctx.pathParam("id");
        var batch = id.length() > Params.MAX_ID_LENGTH ? Optional.<BatchRecord>empty() : batches.find(tenantId, id, null);
        if (batch.isEmpty()) {
            Html.page(ctx, 404, "Not found", tenantId, "<h1>Not found</h1><p>No batch " + Html.escape(id) + " for this tenant.</p>");
        }
        return batch;
    }
}
