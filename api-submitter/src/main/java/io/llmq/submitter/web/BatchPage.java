package io.llmq.submitter.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.llmq.schema.Json;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.http.Downloads;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.results.OutputFiles;

import java.math.RoundingMode;
import java.util.Optional;

/**
 * One batch's page: counts, cost, tokens, rate and ETA (kept live by {@code app.js} from
 * {@code GET /v1/batches/{id}/events}), throughput over time as a chart, the first errors, and
 * downloads of the results (what has ended so far, while it runs).
 */
final class BatchPage {
    private static final int ERRORS_SHOWN = 20;

    private final Authenticator authenticator;
    private final BatchStore batches;
    private final WebQueries queries;
    private final OutputFiles outputs;

    BatchPage(Authenticator authenticator, BatchStore batches, WebQueries queries, OutputFiles outputs) {
        this.authenticator = authenticator;
        this.batches = batches;
        this.queries = queries;
        this.outputs = outputs;
    }

    void register(Javalin app) {
        app.get("/ui/batches/{id}", this::show);
        app.get("/ui/batches/{id}/output.jsonl", ctx -> download(ctx, false));
        app.get("/ui/batches/{id}/errors.jsonl", ctx -> download(ctx, true));
    }

    /** The batch of the session's tenant; empty after answering (login redirect or 404 page). */
    private Optional<BatchRecord> find(Context ctx) throws Exception {
        if (!authenticator.authenticateSession(ctx)) {
            ctx.redirect("/ui", HttpStatus.SEE_OTHER);
            return Optional.empty();
        }
        var tenant = Authenticator.tenant(ctx).id();
        var id = ctx.pathParam("id");
        var batch = id.length() > Params.MAX_ID_LENGTH ? Optional.<BatchRecord>empty() : batches.find(tenant, id, null);
        if (batch.isEmpty()) {
            Html.page(ctx, 404, "Not found", tenant, "<h1>Not found</h1><p>No batch " + Html.escape(id) + " for this tenant.</p>");
        }
        return batch;
    }

    private void show(Context ctx) throws Exception {
        var found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        var b = found.get();
        var start = b.inProgressAt() != null ? b.inProgressAt() : b.createdAt();
        var timeline = queries.timeline(b.id(), start);
        var chart = Json.object();
        chart.put("start", start.toEpochMilli());
        chart.put("bucket_s", timeline.bucket().toSeconds());
        var points = chart.putArray("ended");
        timeline.ended().forEach(points::add);
        var errors = new StringBuilder();
        for (var e : queries.errors(b.id(), ERRORS_SHOWN)) {
            errors.append("<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n".formatted(e.line(),
                    Html.escape(e.customId()), Html.escape(e.status()), Html.escape(e.code()), Html.escape(e.message())));
        }
        var done = b.done();
        var percent = b.total() == 0 ? 0 : 100L * done / b.total();
        var id = Html.escape(b.id());
        Html.page(ctx, 200, b.id(), b.tenantId(), """
                <h1>Batch <code>%s</code></h1>
                <section id="batch" data-batch="%s" data-status="%s">
                <div class="bar big"><div id="bar" style="width:%d%%"></div></div>
                <dl class="counts">
                <dt>status</dt><dd id="status">%s</dd>
                <dt>done</dt><dd><span id="done">%d</span> / <span id="total">%d</span></dd>
                <dt>succeeded</dt><dd id="succeeded">%d</dd>
                <dt>failed</dt><dd id="failed">%d</dd>
                <dt>cancelled</dt><dd id="cancelled">%d</dd>
                <dt>expired</dt><dd id="expired">%d</dd>
                <dt>in flight</dt><dd id="in-flight">%d</dd>
                <dt>rate</dt><dd><span id="rate">–</span> jobs/s</dd>
                <dt>ETA</dt><dd id="eta">–</dd>
                <dt>tokens</dt><dd><span id="input-tokens">%d</span> in · <span id="output-tokens">%d</span> out</dd>
                <dt>cost</dt><dd>$<span id="cost">%s</span></dd>
                <dt>priority</dt><dd>%s</dd>
                </dl></section>
                <h2>Throughput</h2>
                <svg id="chart" viewBox="0 0 600 160" role="img" aria-label="jobs ended per second over time"></svg>
                <p class="hint" id="chart-note"></p>
                <h2>Results</h2>
                <p><a id="download-output" href="/ui/batches/%s/output.jsonl" download>output.jsonl</a> (succeeded) ·
                <a id="download-errors" href="/ui/batches/%s/errors.jsonl" download>errors.jsonl</a> (everything else).
                While the batch runs they hold what has ended so far.</p>
                <h2>Errors</h2>
                <table id="errors"><thead><tr><th>line</th><th>custom_id</th><th>status</th><th>code</th><th>message</th></tr></thead>
                <tbody>%s</tbody></table>
                <script type="application/json" id="timeline">%s</script>
                """.formatted(id, id, Html.escape(b.status().wireName()), percent, Html.escape(b.status().wireName()), done,
                b.total(), b.completed(), b.failed(), b.cancelled(), b.expired(), b.total() - done, b.inputTokens(),
                b.outputTokens(), b.cost().setScale(4, RoundingMode.HALF_UP).toPlainString(), Html.escape(b.priority()),
                id, id, errors, Json.toText(chart)));
    }

    private void download(Context ctx, boolean errors) throws Exception {
        var found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        var id = found.get().id();
        Downloads.attachment(ctx, "application/jsonl", id + (errors ? "_errors" : "_output") + ".jsonl");
        ctx.header("Cache-Control", "no-store");
        outputs.write(id, errors, ctx.outputStream());
    }
}
