package io.llmq.submitter.batch;

import io.llmq.schema.Ids;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.status.BatchEvent;
import io.llmq.submitter.admit.Admission;
import io.llmq.submitter.auth.Tenant;
import io.llmq.submitter.file.FileStore;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.stage.JobStager;
import io.llmq.submitter.validate.BatchValidator;
import io.llmq.submitter.validate.BodyFields;
import io.llmq.submitter.validate.LineError;
import io.llmq.submitter.validate.ValidLine;
import io.llmq.submitter.validate.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Creates a batch: checks every line of its input, admits it against the tenant's limits, writes
 * the header (and, for inline requests, the input file) in one transaction, enqueues every job in
 * one Kafka transaction, and only then answers. Input with any bad line is refused whole and
 * nothing is written anywhere.
 */
public final class BatchService {
    private static final Logger log = LoggerFactory.getLogger(BatchService.class);
    static final String INLINE_FILENAME = "inline_requests.jsonl";

    private final DataSource dataSource;
    private final FileStore files;
    private final BatchStore batches;
    private final JobStager stager;
    private final Supplier<Catalogue> catalogue;
    private final PriceBook prices;
    private final Admission admission;
    private final int maxRequests;
    private final BodyFields bodyFields;
    private final Clock clock;
    private final DefaultRoutes defaultRoutes;

    public BatchService(DataSource dataSource, FileStore files, BatchStore batches, JobStager stager, Supplier<Catalogue> catalogue,
                        PriceBook prices, Admission admission, int maxRequests, BodyFields bodyFields, Clock clock,
                        DefaultRoutes defaultRoutes) {
        this.bodyFields = bodyFields;
        this.prices = prices;
        this.dataSource = dataSource;
        this.files = files;
        this.batches = batches;
        this.stager = stager;
        this.catalogue = catalogue;
        this.admission = admission;
        this.maxRequests = maxRequests;
        this.clock = clock;
        this.defaultRoutes = defaultRoutes;
    }

    /**
     * @param dialect which API creates the batch ({@link BatchRecord#OPENAI} or {@link BatchRecord#ANTHROPIC});
     *                it picks the id prefix and which API may see the batch
     */
    public BatchRecord create(Tenant tenant, String dialect, CreateBatch request) throws Exception {
        return accept(tenant, dialect, request, input(tenant, request), null);
    }

    /** The lines a create body names: its uploaded file (which must exist and be for batches) or its inline requests. */
    public BatchInput input(Tenant tenant, CreateBatch request) throws SQLException {
        if (request.inline() != null) {
            return BatchInput.inline(request.inline());
        }
        var uploaded = files.find(tenant.id(), request.inputFileId())
                .orElseThrow(() -> ApiError.notFound("file", request.inputFileId()));
        if (!"batch".equals(uploaded.purpose())) {
            throw ApiError.invalid("input_file_id", "File " + uploaded.id() + " was uploaded with purpose '"
                    + uploaded.purpose() + "'; a batch needs purpose 'batch'.");
        }
        return BatchInput.uploaded(uploaded, files);
    }

    /**
     * Checks every line as a create does, handing each valid one to {@code sink}, and refuses the
     * input as a create would (400, every bad line listed) when any line is bad. Stores nothing.
     */
    public ValidationReport judge(BatchInput input, String endpoint, Consumer<ValidLine> sink) throws Exception {
        return judge(validator(endpoint), input, sink);
    }

    private BatchValidator validator(String endpoint) {
        return new BatchValidator(catalogue.get(), prices.pricedNow()::contains, bodyFields, endpoint, maxRequests);
    }

    private static ValidationReport judge(BatchValidator validator, BatchInput input, Consumer<ValidLine> sink) throws Exception {
        ValidationReport report;
        try (var in = input.open()) {
            report = validator.validate(in, sink);
        }
        if (!report.ok()) {
            throw ApiError.invalid(input.param(), describe(report.errorCount(), report.errors().get(0)),
                    report.errors().stream().map(LineError::toMap).toList());
        }
        return report;
    }

    /**
     * The accept path every new batch takes, whatever made it: judge every line, admit it against
     * the tenant's limits, write the header (and, when the lines are not an uploaded file, store
     * them as the batch's input file) in one transaction, then stage every job in another.
     *
     * @param parentBatchId the batch this one retries, or null; a second child of the same parent
     *                      fails the header's insert (unique index), and nothing is written
     */
    public BatchRecord accept(Tenant tenant, String dialect, CreateBatch request, BatchInput input, String parentBatchId)
            throws Exception {
        // one validator for both reads: the models it found priced stay priced for the second
        var validator = validator(request.endpoint());
        var started = System.nanoTime();
        Set<String> models = new TreeSet<>();
        var report = judge(validator, input, line -> models.add(line.model()));
        refuseUnavailable(models);
        var route = RouteChoice.of(request.metadata(), defaultRoutes.of(tenant.id(), request.priority()), request.priority(),
                request.endpoint(), models, catalogue.get());
        var now = clock.instant();
        var batchId = BatchRecord.ANTHROPIC.equals(dialect) ? "msgbatch_" + Ids.random(24) : Ids.batch();
        var expiresAt = now.plus(request.window());
        var fileId = Transaction.run(dataSource, c -> {
            admission.admit(c, tenant.id(), report.validLines(), report.estimatedTokens());
            var inputFileId = input.storedFileId() != null ? input.storedFileId() : store(c, tenant, input);
            batches.insertValidating(c, new NewBatch(batchId, tenant.id(), dialect, request.endpoint(), inputFileId,
                    request.completionWindow(), request.priority().wireName(), request.metadata(), report.validLines(),
                    report.firstModel(), report.estimatedTokens(), expiresAt, request.outputExpiresAfter(), parentBatchId,
                    route));
            return inputFileId;
        });
        int enqueued;
        try {
            // one transaction: every job staged and the batch in_progress, or nothing of it
            enqueued = Transaction.run(dataSource, c -> {
                try (var in = input.open()) {
                    var staged = stager.stage(c, batchId, tenant.id(), request.priority(), route, sink -> {
                        var again = validator.validate(in, line -> sink.accept(new JobMessage(Ids.job(batchId, line.line()), batchId,
                                tenant.id(), line.customId(), line.line(), request.endpoint(), line.model(), line.body(),
                                request.priority().wireName(), now.toEpochMilli(), expiresAt.toEpochMilli())));
                        // thrown inside the transaction, so it rolls back: a file that changed under us stages nothing
                        if (!again.ok() || again.validLines() != report.validLines()) {
                            throw new IllegalStateException("batch " + batchId + ": the input read differently the second time ("
                                    + again.validLines() + " valid lines, " + again.errorCount() + " bad, first read " + report.validLines() + ")");
                        }
                    });
                    batches.markStaged(c, batchId);
                    return staged;
                } catch (SQLException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("batch " + batchId + ": cannot read its input to stage it", e);
                }
            });
        } catch (Exception e) {
            log.error("batch {} of tenant {}: staging failed, batch marked failed, nothing staged", batchId, tenant.id(), e);
            batches.transition(tenant.id(), batchId, BatchEvent.ENQUEUE_FAILED);
            if (parentBatchId != null) {
                batches.releaseParent(batchId);
            }
            throw ApiError.unavailable("The batch could not be stored for dispatch; nothing was enqueued. Retry the request.");
        }
        log.info("batch {} of tenant {} (file {}{}): {} jobs validated and staged for dispatch at priority {}, route {}, in {} ms",
                batchId, tenant.id(), fileId, parentBatchId == null ? "" : ", retry of " + parentBatchId, enqueued,
                request.priority().wireName(), route.wireName(), (System.nanoTime() - started) / 1_000_000);
        return batches.find(tenant.id(), batchId, dialect).orElseThrow();
    }

    /** A batch naming a model that nothing serves now is refused whole, before anything is written. */
    private void refuseUnavailable(java.util.Set<String> models) {
        var catalogue = this.catalogue.get();
        for (var model : models) {
            if (!catalogue.available(model)) {
                throw ApiError.modelUnavailable(model, "Model '" + model + "' cannot be served now: "
                        + (catalogue.modelEnabled(model) ? "every deployment of its pool is disabled" : "it is disabled")
                        + "; nothing was enqueued. GET /v1/models/" + model + "/status says more; retry when it is available.");
            }
        }
    }

    private String store(Connection c, Tenant tenant, BatchInput input) throws SQLException {
        try (var in = input.open()) {
            return files.insert(c, tenant.id(), "batch", input.filename(), in).id();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lines of " + input.filename() + " to store them", e);
        }
    }

    private static String describe(int count, LineError first) {
        return "The input has " + count + " invalid line" + (count == 1 ? "" : "s") + "; nothing was enqueued. First: "
                + first.message() + " Every bad line is listed in error.errors.data.";
    }
}
