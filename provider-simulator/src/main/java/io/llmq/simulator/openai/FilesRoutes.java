package io.llmq.simulator.openai;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.batch.BatchCall;
import io.llmq.simulator.batch.BatchHook;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.batch.HookedLines;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/**
 * OpenAI's Files API as the Batch API uses it: {@code POST /v1/files} (multipart, {@code file} and
 * {@code purpose}), {@code GET /v1/files} (newest first, {@code purpose}, {@code limit}, {@code after},
 * {@code order}), {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content} and
 * {@code DELETE /v1/files/{id}}. Batch outputs the simulator writes are files of purpose {@code batch_output}.
 */
final class FilesRoutes {
    /** OpenAI's limit for a batch input file. */
    static final long MAX_BATCH_FILE_BYTES = 200L * 1024 * 1024;
    private static final Set<String> PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");

    private final FileStore files;
    private final Replies replies;
    private final Clock clock;
    private final BatchRunner batches;

    /** @param batches holds the crash tests' {@link BatchHook}, told of batch input uploads and output downloads */
    FilesRoutes(FileStore files, Replies replies, Clock clock, BatchRunner batches) {
        this.files = files;
        this.replies = replies;
        this.clock = clock;
        this.batches = batches;
    }

    void bindTo(Javalin app) {
        app.post("/v1/files", replies.guarded(this::upload));
        app.get("/v1/files", replies.guarded(ctx -> Replies.json(ctx, Replies.page(ctx,
                files.list(ctx.queryParam("purpose"), "asc".equals(ctx.queryParam("order"))),
                FileStore.StoredFile::id, FileStore.StoredFile::toJson, 10_000, 10_000))));
        app.get("/v1/files/{id}", replies.guarded(ctx -> Replies.json(ctx, file(ctx).toJson())));
        app.get("/v1/files/{id}/content", replies.guarded(this::content));
        app.delete("/v1/files/{id}", replies.guarded(ctx -> {
            var id = file(ctx).id();
            files.delete(id);
            Replies.json(ctx, OpenAiJson.MAPPER.createObjectNode().put("id", id).put("object", "file").put("deleted", true));
        }));
    }

    private void content(Context ctx) {
        var file = file(ctx);
        var hook = batches.hook();
        ctx.status(200).contentType("application/octet-stream");
        if (hook == BatchHook.NONE || !"batch_output".equals(file.purpose())) {
            ctx.result(file.content());
        } else {
            ctx.result(new HookedLines(file.content(), hook, call(ctx), file.id()));
        }
    }

    private static BatchCall call(Context ctx) {
        return new BatchCall(ctx.method() + " " + ctx.endpointHandlerPath(), BatchCall.bearer(ctx.header("Authorization")));
    }

    private FileStore.StoredFile file(Context ctx) {
        var id = ctx.pathParam("id");
        return files.get(id).orElseThrow(() -> new Refusal(Replies.notFound("File object", id)));
    }

    private void upload(Context ctx) throws IOException {
        var type = ctx.contentType();
        if (type == null || !type.startsWith("multipart/form-data")) {
            throw new Refusal(OpenAiError.badRequest("The request must be multipart/form-data with 'file' and 'purpose'.", null, null));
        }
        var purpose = ctx.formParam("purpose");
        if (purpose == null || purpose.isBlank()) {
            throw new Refusal(OpenAiError.badRequest("'purpose' is a required property", "purpose", null));
        }
        if (!PURPOSES.contains(purpose)) {
            throw new Refusal(OpenAiError.badRequest("'" + purpose + "' is not one of " + PURPOSES + " - 'purpose'", "purpose", null));
        }
        var upload = ctx.uploadedFile("file");
        if (upload == null) {
            throw new Refusal(OpenAiError.badRequest("'file' is a required property", "file", null));
        }
        if ("batch".equals(purpose) && upload.size() > MAX_BATCH_FILE_BYTES) {
            throw new Refusal(OpenAiError.badRequest("File is too large: a batch input file may be at most 200 MB, got "
                    + upload.size() + " bytes.", "file", "file_too_large"));
        }
        if ("batch".equals(purpose) && !batches.hook().arrived(call(ctx))) {
            throw new Refusal(OpenAiError.lost());
        }
        byte[] content;
        try (var in = upload.content()) {
            content = in.readAllBytes();
        }
        Replies.json(ctx, files.add(upload.filename(), purpose, content, clock.instant().getEpochSecond()).toJson());
    }
}
