package io.llmq.submitter.batch;

import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.message.JobMessage;
import io.llmq.submitter.auth.Tenant;
import io.llmq.submitter.enqueue.JobProducer;
import io.llmq.submitter.file.FileStore;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.validate.BatchValidator;
import io.llmq.submitter.validate.LineError;
import io.llmq.submitter.validate.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Creates a batch: checks every line of its input file, writes the header, enqueues every job in
 * one Kafka transaction, and only then answers. A file with any bad line is refused whole and
 * nothing is written anywhere.
 */
public final class BatchService {
    private static final Logger log = LoggerFactory.getLogger(BatchService.class);

    private final FileStore files;
    private final BatchStore batches;
    private final JobProducer producer;
    private final Catalogue catalogue;
    private final int maxRequests;
    private final Clock clock;

    public BatchService(FileStore files, BatchStore batches, JobProducer producer, Catalogue catalogue, int maxRequests, Clock clock) {
        this.files = files;
        this.batches = batches;
        this.producer = producer;
        this.catalogue = catalogue;
        this.maxRequests = maxRequests;
        this.clock = clock;
    }

    public BatchRecord create(Tenant tenant, CreateBatch request) throws Exception {
        var file = files.find(tenant.id(), request.inputFileId())
                .orElseThrow(() -> ApiError.notFound("file", request.inputFileId()));
        if (!"batch".equals(file.purpose())) {
            throw ApiError.invalid("input_file_id", "File " + file.id() + " was uploaded with purpose '" + file.purpose() + "'; a batch needs purpose 'batch'.");
        }
        var validator = new BatchValidator(catalogue, request.endpoint(), maxRequests);
        var started = System.nanoTime();
        ValidationReport report;
        try (var in = files.content(file)) {
            report = validator.validate(in, line -> { });
        }
        if (!report.ok()) {
            throw ApiError.invalid("input_file_id", describe(report.errorCount(), report.errors().get(0)),
                    report.errors().stream().map(LineError::toMap).toList());
        }
        var now = clock.instant();
        var batchId = Ids.batch();
        var expiresAt = now.plus(request.window());
        var header = batches.insertValidating(batchId, tenant.id(), request.endpoint(), file.id(), request.completionWindow(),
                request.priority().wireName(), request.metadata() == null ? null : Json.toText(request.metadata()),
                report.validLines(), report.firstModel(), expiresAt);
        int enqueued;
        try (var in = files.content(file)) {
            enqueued = producer.enqueue(batchId, request.priority(), header.total(), sink -> validator.validate(in, line -> sink.accept(
                    new JobMessage(Ids.job(batchId, line.line()), batchId, tenant.id(), line.customId(), line.line(),
                            request.endpoint(), line.model(), line.body(), request.priority().wireName(),
                            now.toEpochMilli(), expiresAt.toEpochMilli()))));
        } catch (Exception e) {
            log.error("batch {} of tenant {}: enqueue failed, batch marked failed, nothing enqueued", batchId, tenant.id(), e);
            batches.markEnqueueFailed(batchId);
            throw ApiError.unavailable("The job queue could not take the batch; nothing was enqueued. Retry the request.");
        }
        if (enqueued != header.total()) {
            throw new IllegalStateException("batch " + batchId + ": validated " + header.total() + " lines but enqueued " + enqueued);
        }
        batches.markEnqueued(batchId);
        log.info("batch {} of tenant {}: {} jobs enqueued at priority {} in {} ms", batchId, tenant.id(), enqueued,
                request.priority().wireName(), (System.nanoTime() - started) / 1_000_000);
        return batches.find(tenant.id(), batchId).orElseThrow();
    }

    private static String describe(int count, LineError first) {
        return "The input file has " + count + " invalid line" + (count == 1 ? "" : "s") + "; nothing was enqueued. First: "
                + first.message() + " Every bad line is listed in error.errors.data.";
    }
}
