package io.llmq.submitter.file;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Downloads;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.idempotency.Idempotency;

import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.util.Set;
import javax.sql.DataSource;

/** OpenAI's Files API: upload a batch input file, list, retrieve, delete, download content. */
public final class FileRoutes implements Routes {
    private static final Set<String> PURPOSES = Set.of("batch");
    private static final String UPLOAD_SCOPE = "POST /v1/files";
    private static final int MAX_FIELD_BYTES = 256;
    private static final long MULTIPART_SLACK = 64 * 1024;

    private final DataSource dataSource;
    private final FileStore files;
    private final BatchFileContent outputs;

    public FileRoutes(DataSource dataSource, FileStore files, BatchFileContent outputs) {
        this.dataSource = dataSource;
        this.files = files;
        this.outputs = outputs;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/files", this::upload);
        app.get("/v1/files", this::list);
        app.get("/v1/files/{id}", this::retrieve);
        app.delete("/v1/files/{id}", this::delete);
        app.get("/v1/files/{id}/content", this::content);
    }

    /**
     * Streams the file into Postgres while hashing it; with an {@code Idempotency-Key}, the key is
     * claimed in the same transaction at the end, so a retried upload rolls its own copy back and
     * answers with the first one.
     */
    private void upload(Context ctx) throws Exception {
        var key = Idempotency.keyOf(ctx);
        if (!ctx.isMultipartFormData()) {
            throw ApiError.invalid(null, "Upload a file as multipart/form-data with fields 'file' and 'purpose'.");
        }
        // refused before Jetty spools a byte to disk; the multipart framing adds a little, hence the slack
        if (ctx.req().getContentLengthLong() > files.maxFileBytes() + MULTIPART_SLACK) {
            throw ApiError.tooLarge("file", "The upload is " + ctx.req().getContentLengthLong() + " bytes; this llmq accepts files of at most "
                    + files.maxFileBytes() + " bytes (LLMQ_MAX_FILE_BYTES).");
        }
        try (var parts = UploadParts.of(ctx, files.maxFileBytes() + MULTIPART_SLACK, files.maxFileBytes())) {
            upload(ctx, key, parts);
        }
    }

    private void upload(Context ctx, String key, UploadParts parts) throws Exception {
        var purpose = smallField(parts, "purpose");
        if (purpose == null || !PURPOSES.contains(purpose)) {
            throw ApiError.invalid("purpose", "purpose must be 'batch' (the only purpose llmq serves), got "
                    + (purpose == null ? "nothing" : "'" + Params.shorten(purpose) + "'") + ".");
        }
        // The part, not ctx.uploadedFile: some clients (the OpenAI SDKs given bytes) send the
        // file part without a filename, which Javalin's helper would not count as a file.
        var part = parts.part("file");
        if (part == null) {
            throw ApiError.invalid("file", "Missing required multipart field 'file'.");
        }
        var submitted = part.getSubmittedFileName() == null ? "" : part.getSubmittedFileName();
        if (submitted.chars().anyMatch(Character::isISOControl)) {
            // shown back in every file object and on the web page: refused rather than quietly changed
            throw ApiError.invalid("file", "The file name must not contain control characters.");
        }
        var filename = submitted.isBlank() ? "upload.jsonl" : Params.shorten(submitted);
        var expiresAfter = ExpiresAfter.ofForm("expires_after", smallField(parts, "expires_after[anchor]"),
                smallField(parts, "expires_after[seconds]"));
        var tenant = Authenticator.tenant(ctx);
        var digest = Idempotency.digest();
        digest.update(Idempotency.utf8(purpose + "\n" + filename + "\n"
                + (expiresAfter == null ? "" : "expires_after " + expiresAfter.seconds() + "\n")));
        try (var content = new DigestInputStream(part.getInputStream(), digest)) {
            var answer = Transaction.run(dataSource, c -> {
                var stored = files.insert(c, tenant.id(), purpose, filename, expiresAfter, content);
                var json = stored.toJson();
                if (key == null) {
                    return new Idempotency.Answer(200, Json.toText(json), false);
                }
                var replay = Idempotency.claimIn(c, tenant.id(), UPLOAD_SCOPE, key, digest.digest());
                if (replay.isPresent()) {
                    // the first upload with this key stands; this copy must not
                    c.rollback();
                    return replay.get();
                }
                Idempotency.completeIn(c, tenant.id(), UPLOAD_SCOPE, key, json);
                return new Idempotency.Answer(200, Json.toText(json), false);
            });
            answer.writeTo(ctx);
        }
    }

    /**
     * A short text field of the multipart body, read from its part, never more than
     * {@value #MAX_FIELD_BYTES} bytes of it.
     */
    private static String smallField(UploadParts parts, String name) throws Exception {
        var part = parts.part(name);
        if (part == null) {
            return null;
        }
        try (var in = part.getInputStream()) {
            var bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
            if (bytes.length > MAX_FIELD_BYTES) {
                throw ApiError.invalid(name, name + " is longer than " + MAX_FIELD_BYTES + " bytes.");
            }
            return new String(bytes, StandardCharsets.UTF_8).trim();
        }
    }

    private void list(Context ctx) throws Exception {
        var limit = Params.intQuery(ctx, "limit", 10_000, 1, 10_000);
        var after = Params.idQuery(ctx, "after");
        var purpose = Params.idQuery(ctx, "purpose");
        var order = ctx.queryParam("order") == null ? "desc" : ctx.queryParam("order");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiError.invalid("order", "order must be 'asc' or 'desc', got '" + Params.shorten(order) + "'.");
        }
        var page = files.list(Authenticator.tenant(ctx).id(), purpose, after, order.equals("asc"), limit + 1);
        var body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        page.stream().limit(limit).forEach(f -> data.add(f.toJson()));
        body.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
        body.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
        body.put("has_more", page.size() > limit);
        ctx.json(body);
    }

    private void retrieve(Context ctx) throws Exception {
        ctx.json(find(ctx).toJson());
    }

    private void delete(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "file");
        if (!files.delete(Authenticator.tenant(ctx).id(), id)) {
            throw ApiError.notFound("file", id);
        }
        ctx.json(Json.object().put("id", id).put("object", "file").put("deleted", true));
    }

    private void content(Context ctx) throws Exception {
        var file = find(ctx);
        Downloads.attachment(ctx, "application/jsonl", file.filename());
        if (file.isBatchOutput()) {
            outputs.write(file.batchId(), file.isBatchErrors(), ctx.outputStream());
        } else {
            try (var in = files.content(file)) {
                in.transferTo(ctx.outputStream());
            }
        }
    }

    private StoredFile find(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "file");
        return files.find(Authenticator.tenant(ctx).id(), id).orElseThrow(() -> ApiError.notFound("file", id));
    }
}
