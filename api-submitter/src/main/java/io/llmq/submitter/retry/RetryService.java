package io.llmq.submitter.retry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.submitter.auth.Tenant;
import io.llmq.submitter.batch.BatchInput;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.batch.BatchService;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.batch.CreateBatch;
import io.llmq.submitter.file.ExpiresAfter;
import io.llmq.submitter.file.FileStore;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.validate.SelectedLines;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Retries only what failed: a new batch of a terminal batch's failed and expired lines, with
 * their request bodies and {@code custom_id}s as they were, the parent's endpoint, window and
 * priority unless the retry overrides them, and the parent's metadata plus
 * {@code llmq_parent_batch}. The new batch takes the accept path of every create
 * ({@link BatchService#accept}: validation, admission, one-transaction staging); its lines are
 * read from the parent's input file and stored as the child's own input file.
 *
 * <p>A parent has at most one child, held by a unique index on {@code batches.parent_batch_id}:
 * a second retry, even one racing the first, answers with the first child.
 */
public final class RetryService {
    public static final String PARENT_KEY = "llmq_parent_batch";
    private static final Logger log = LoggerFactory.getLogger(RetryService.class);

    private final BatchService service;
    private final BatchStore batches;
    private final FileStore files;
    private final DataSource dataSource;

    public RetryService(BatchService service, BatchStore batches, FileStore files, DataSource dataSource) {
        this.service = service;
        this.batches = batches;
        this.files = files;
        this.dataSource = dataSource;
    }

    /** The retry the web console makes: the parent's window, priority and metadata, nothing overridden. */
    public BatchRecord retry(Tenant tenant, String parentId) throws Exception {
        return retry(tenant, parentId, new RetryRequest(null, null, null, null));
    }

    BatchRecord retry(Tenant tenant, String parentId, RetryRequest overrides) throws Exception {
        var parent = batches.find(tenant.id(), parentId, BatchRecord.OPENAI).orElseThrow(() -> ApiError.notFound("batch", parentId));
        var existing = batches.findRetryOf(tenant.id(), parentId);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!parent.status().isTerminal()) {
            throw ApiError.conflict("BATCH_NOT_ENDED", "Batch " + parentId + " is " + parent.status().wireName()
                    + "; only a batch that has ended (completed, failed, expired or cancelled) can be retried.");
        }
        var lines = FailedLines.of(dataSource, parentId);
        if (lines.isEmpty()) {
            throw ApiError.conflict("NOTHING_TO_RETRY", "Batch " + parentId + " has no failed or expired requests"
                    + " (cancelled requests are not retried); there is nothing to retry.");
        }
        var input = files.find(tenant.id(), parent.inputFileId()).orElseThrow(() -> ApiError.conflict("INPUT_FILE_DELETED",
                "The input file " + parent.inputFileId() + " of batch " + parentId + " was deleted; its requests cannot be read again."));
        var rewrite = overrides.model() == null ? UnaryOperator.<byte[]>identity() : withModel(overrides.model());
        var childInput = BatchInput.derived("retry_of_" + parentId + ".jsonl", overrides.model() == null ? null : "model",
                () -> new SelectedLines(files.content(input), lines, rewrite));
        var request = CreateBatch.derived(parent.endpoint(),
                overrides.completionWindow() == null ? parent.completionWindow() : overrides.completionWindow(),
                metadata(parent, overrides), overrides.priority() == null ? Priority.parse(parent.priority()) : overrides.priority(),
                outputExpiresAfter(parentId));
        try {
            return service.accept(tenant, BatchRecord.OPENAI, request, childInput, parentId);
        } catch (SQLException e) {
            // a concurrent retry of the same parent inserted its child first: that one is the answer
            if ("23505".equals(e.getSQLState())) {
                var first = batches.findRetryOf(tenant.id(), parentId);
                if (first.isPresent()) {
                    log.info("retry of batch {}: a concurrent retry made its child {} first; answering with that", parentId,
                            first.get().id());
                    return first.get();
                }
            }
            throw e;
        }
    }

    /** The parent's pairs, the retry's on top, and the parent's id (the only key llmq itself adds). */
    private static ObjectNode metadata(BatchRecord parent, RetryRequest overrides) {
        var metadata = parent.metadata() instanceof ObjectNode carried ? carried.deepCopy() : Json.object();
        if (overrides.metadata() != null) {
            metadata.setAll(overrides.metadata());
        }
        metadata.put(PARENT_KEY, parent.id());
        return metadata;
    }

    private static UnaryOperator<byte[]> withModel(String model) {
        return line -> {
            var request = Json.fromBytes(line, ObjectNode.class);
            ((ObjectNode) request.get("body")).put("model", model);
            return Json.toBytes(request);
        };
    }

    /** The parent's {@code output_expires_after}, which its retry keeps; null: none. */
    private ExpiresAfter outputExpiresAfter(String parentId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT output_expires_after FROM batches WHERE id = ?")) {
            st.setString(1, parentId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                var seconds = rs.getLong(1);
                return rs.wasNull() ? null : new ExpiresAfter(seconds);
            }
        }
    }
}
