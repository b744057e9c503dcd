package io.llmq.submitter.file;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.results.OutputFiles;

import java.util.Set;

/** OpenAI's Files API: upload a batch input file, read a file object, download content. */
public final class FileRoutes implements Routes {
    private static final Set<String> PURPOSES = Set.of("batch");

    private final FileStore files;
    private final OutputFiles outputs;

    public FileRoutes(FileStore files, OutputFiles outputs) {
        this.files = files;
        this.outputs = outputs;
    }

    @Override
    public void register(Javalin app) {
        app.post("/v1/files", this::upload);
        app.get("/v1/files/{id}", this::retrieve);
        app.get("/v1/files/{id}/content", this::content);
    }

    private void upload(Context ctx) throws Exception {
        if (!ctx.isMultipartFormData()) {
            throw ApiError.invalid(null, "Upload a file as multipart/form-data with fields 'file' and 'purpose'.");
        }
        var purpose = ctx.formParam("purpose");
        if (purpose == null || !PURPOSES.contains(purpose)) {
            throw ApiError.invalid("purpose", "purpose must be 'batch' (the only purpose llmq serves), got " + (purpose == null ? "nothing" : "'" + purpose + "'") + ".");
        }
        // The servlet part, not ctx.uploadedFile: some clients (the OpenAI SDKs given bytes) send the
        // file part without a filename, which Javalin's helper would not count as a file.
        var part = ctx.req().getPart("file");
        if (part == null) {
            throw ApiError.invalid("file", "Missing required multipart field 'file'.");
        }
        var filename = part.getSubmittedFileName() == null || part.getSubmittedFileName().isBlank()
                ? "upload.jsonl" : part.getSubmittedFileName();
        var tenant = Authenticator.tenant(ctx);
        try (var content = part.getInputStream()) {
            var stored = files.create(tenant.id(), purpose, filename, content);
            ctx.json(stored.toJson());
        }
    }

    private void retrieve(Context ctx) throws Exception {
        ctx.json(find(ctx).toJson());
    }

    private void content(Context ctx) throws Exception {
        var file = find(ctx);
        ctx.contentType("application/jsonl");
        if (file.isBatchOutput()) {
            outputs.write(file, ctx.outputStream());
        } else {
            try (var in = files.content(file)) {
                in.transferTo(ctx.outputStream());
            }
        }
    }

    private StoredFile find(Context ctx) throws Exception {
        var id = ctx.pathParam("id");
        return files.find(Authenticator.tenant(ctx).id(), id).orElseThrow(() -> ApiError.notFound("file", id));
    }
}
