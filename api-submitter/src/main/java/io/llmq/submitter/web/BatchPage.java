package io.llmq.submitter.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.budget.BudgetStore;
import io.llmq.submitter.http.Downloads;
import io.llmq.submitter.results.OutputFiles;

import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * One batch's page: counts, cost, tokens, rate and ETA (kept live by {@code app.js} from
 * {@code GET /v1/batches/{id}/events}), jobs, tokens and cost over time as charts, its hold, its
 * errors by code and its first errors, its webhook deliveries, actions, and downloads of the
 * results as JSONL and CSV (what has ended so far, while it runs).
 */
final class BatchPage {
    private static final int ERRORS_SHOWN = 20;

    private final ConsoleSession session;
    private final BatchStore batches;
    private final WebQueries queries;
    private final BatchDetails details;
    private final BudgetStore budgets;
    private final OutputFiles outputs;
    private final ResultCsv csv;

    BatchPage(ConsoleSession session, BatchStore batches, WebQueries queries, BatchDetails details, BudgetStore budgets,
              OutputFiles outputs, ResultCsv csv) {
        this.session = session;
        this.batches = batches;
        this.queries = queries;
        this.details = details;
        this.budgets = budgets;
        this.outputs = outputs;
        this.csv = csv;
    }

    void register(Javalin app) {
        app.get("/ui/batches/{id}", this::show);
        app.get("/ui/batches/{id}/output.jsonl", ctx -> download(ctx, false, false));
        app.get("/ui/batches/{id}/errors.jsonl", ctx -> download(ctx, true, false));
        app.get("/ui/batches/{id}/output.csv", ctx -> download(ctx, false, true));
        app.get("/ui/batches/{id}/errors.csv", ctx -> download(ctx, true, true));
    }

    /** The batch of the session's tenant; empty after answering (login redirect or 404 page). */
    private Optional<BatchRecord> find(Context ctx) throws Exception {
        var tenant = session.pageOrLogin(ctx);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        return OwnBatch.find(ctx, batches, tenant.get().id());
    }

    private void show(Context ctx) throws Exception {
        var found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        var b = found.get();
        var start = b.inProgressAt() != null ? b.inProgressAt() : b.createdAt();
        var timeline = queries.timeline(b.tenantId(), b.id(), start);
        var chart = Json.object();
        chart.put("start", start.toEpochMilli());
        chart.put("bucket_s", timeline.bucket().toSeconds());
        var points = chart.putArray("ended");
        timeline.ended().forEach(points::add);
        var tokens = chart.putArray("tokens");
        timeline.tokens().forEach(tokens::add);
        var cost = chart.putArray("cost");
        timeline.cost().forEach(c -> cost.add(c.doubleValue()));
        var errors = new StringBuilder();
        for (var e : queries.errors(b.id(), ERRORS_SHOWN)) {
            errors.append("<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n".formatted(e.line(),
                    Html.escape(e.customId()), Html.escape(e.status()), Html.escape(e.code()), Html.escape(e.message())));
        }
        var done = b.done();
        var id = Html.escape(b.id());
        var hold = BatchSections.hold(b, b.hold() == null ? List.of() : budgets.list(b.tenantId()));
        Html.page(ctx, 200, b.id(), b.tenantId(), notice(ctx) + """
                <h1>Batch <code>%s</code></h1>
                %s
                <section id="batch" data-batch="%s" data-status="%s">
                <progress id="bar" class="big" max="%d" value="%d" aria-label="requests done"></progress>
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
                <dt>model</dt><dd>%s</dd>
                <dt>priority</dt><dd>%s</dd>
                <dt>created</dt><dd>%s</dd>
                </dl></section>
                %s
                <h2>Over time</h2>
                <div class="charts">
                <figure><svg id="chart" viewBox="0 0 600 160" role="img" aria-label="jobs ended per second over time"></svg>
                <figcaption id="chart-note"></figcaption></figure>
                <figure><svg id="chart-tokens" class="chart" viewBox="0 0 600 160" role="img" aria-label="tokens per second over time"></svg>
                <figcaption id="chart-tokens-note"></figcaption></figure>
                <figure><svg id="chart-cost" class="chart" viewBox="0 0 600 160" role="img" aria-label="cost per bucket over time"></svg>
                <figcaption id="chart-cost-note"></figcaption></figure></div>
                %s
                %s
                <h2>First errors</h2>
                <div class="scroll"><table id="errors"><thead><tr><th>line</th><th>custom_id</th><th>status</th><th>code</th><th>message</th></tr></thead>
                <tbody>%s</tbody></table></div>
                %s
                <script type="application/json" id="timeline">%s</script>
                """.formatted(id, BatchSections.actions(ctx, b), id, Html.escape(b.status().wireName()), Math.max(b.total(), 1), done,
                Html.escape(b.status().wireName()), done, b.total(), b.completed(), b.failed(), b.cancelled(), b.expired(),
                b.total() - done, b.inputTokens(), b.outputTokens(), b.cost().setScale(4, RoundingMode.HALF_UP).toPlainString(),
                Html.escape(b.model()), Html.escape(b.priority()), Html.time(b.createdAt()), hold, BatchSections.downloads(b),
                BatchSections.errorGroups(details.errorGroups(b.id())), errors,
                BatchSections.deliveries(details.deliveries(b.tenantId(), b.id())), Json.toText(chart)));
    }

    /** What the last action did, after its redirect here. */
    private static String notice(Context ctx) {
        var notice = ctx.queryParam("notice");
        if ("cancelled".equals(notice)) {
            return "<p class=\"notice\" role=\"status\" id=\"notice\">Cancel requested: no new call starts for this batch.</p>";
        }
        if (notice != null && notice.startsWith("retry_of_")) {
            var parent = Html.escape(notice.substring("retry_of_".length()));
            return "<p class=\"notice\" role=\"status\" id=\"notice\">The retry of <a href=\"/ui/batches/%s\"><code>%s</code></a>.</p>"
                    .formatted(parent, parent);
        }
        return "";
    }

    private void download(Context ctx, boolean errors, boolean asCsv) throws Exception {
        var found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        var id = found.get().id();
        var name = id + (errors ? "_errors" : "_output") + (asCsv ? ".csv" : ".jsonl");
        Downloads.attachment(ctx, asCsv ? "text/csv" : "application/jsonl", name);
        ctx.header("Cache-Control", "no-store");
        if (asCsv) {
            csv.write(id, errors, ctx.outputStream());
        } else {
            outputs.write(id, errors, ctx.outputStream());
        }
    }
}
