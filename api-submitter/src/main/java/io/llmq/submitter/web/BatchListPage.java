package io.llmq.submitter.web;

import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.status.BatchStatus;
import io.llmq.submitter.auth.Tenant;

import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/**
 * The home page: the tenant's batches of both APIs, filtered, newest first, 50 a page by keyset
 * ({@link BatchListQuery}); counts and cost per row, kept live by {@code app.js}, which polls
 * {@code /ui/batches.json?ids=…} for the rows still running.
 */
final class BatchListPage {
    private static final List<String> PRIORITIES = List.of("high", "normal", "low");

    private final BatchListQuery query;

    BatchListPage(BatchListQuery query) {
        this.query = query;
    }

    void show(Context ctx, Tenant tenant) throws Exception {
        var started = System.nanoTime();
        BatchFilter filter;
        try {
            filter = BatchFilter.of(ctx);
        } catch (BatchFilter.Invalid e) {
            var empty = new BatchFilter(null, null, null, null, null, null, null, null, null);
            Html.page(ctx, 400, "Batches", tenant.id(), form(empty) + "<p class=\"error\" role=\"alert\" data-field=\"%s\">%s</p>"
                    .formatted(Html.escape(e.field), Html.escape(e.getMessage())));
            return;
        }
        var page = query.page(tenant.id(), filter);
        var rows = new StringBuilder();
        page.rows().forEach(r -> rows.append(row(r)));
        var older = page.next() == null ? "" : "<a id=\"older\" rel=\"next\" href=\"/ui?%s\">Older batches →</a>"
                .formatted(Html.escape(filter.after(page.next()).query()));
        var newest = filter.after() == null ? "" : "<a id=\"newest\" href=\"/ui?%s\">← Newest</a> "
                .formatted(Html.escape(filter.after(null).query()));
        var empty = page.rows().isEmpty() ? filter.query().isEmpty()
                ? "<p>No batches yet. Submit one with <code>./llmq submit prompts.jsonl</code>.</p>"
                : "<p id=\"no-match\">No batch matches these filters.</p>" : "";
        ctx.header("Server-Timing", "list;dur=" + (System.nanoTime() - started) / 1_000_000.0);
        Html.page(ctx, 200, "Batches", tenant.id(), form(filter) + """
                <div class="scroll"><table id="batches" data-live="list"><caption class="hint">newest first · times in UTC</caption>
                <thead><tr><th scope="col">batch</th><th scope="col" class="opt">created</th><th scope="col">status</th><th scope="col" class="opt">model</th>
                <th scope="col" class="opt">priority</th><th scope="col">progress</th><th scope="col" class="opt">succeeded</th><th scope="col">failed</th>
                <th scope="col" class="opt">tokens in / out</th><th scope="col">cost</th></tr></thead><tbody>
                %s</tbody></table></div>%s<nav class="pager" aria-label="pages">%s%s</nav>
                """.formatted(rows, empty, newest, older));
    }

    /** {@code {"data": [{id, status, done, total, ...}]}} of the tenant's batches among {@code ids} (at most 100). */
    void live(Context ctx, Tenant tenant) throws Exception {
        var ids = ctx.queryParam("ids") == null ? List.<String>of()
                : Arrays.stream(ctx.queryParam("ids").split(",")).filter(s -> !s.isBlank()).limit(BatchListQuery.MAX_LIVE_IDS).toList();
        var body = Json.object();
        var data = body.putArray("data");
        for (var r : ids.isEmpty() ? List.<BatchListQuery.Row>of() : query.current(tenant.id(), ids)) {
            data.addObject().put("id", r.id()).put("status", r.status()).put("total", r.total()).put("done", r.done())
                    .put("succeeded", r.completed()).put("failed", r.failed()).put("input_tokens", r.inputTokens())
                    .put("output_tokens", r.outputTokens()).put("cost_usd", money(r)).put("held", r.heldReason());
        }
        ctx.header("Cache-Control", "no-store");
        ctx.json(body);
    }

    private static String row(BatchListQuery.Row r) {
        var held = r.heldReason() == null ? "" : " <span class=\"badge held\" title=\"jobs held\">held: %s</span>".formatted(Html.escape(r.heldReason()));
        return """
                <tr class="batch" data-batch="%s" data-status="%s"><td><a href="/ui/batches/%s"><code>%s</code></a></td>
                <td class="opt">%s</td><td><span class="status">%s</span>%s</td><td class="opt">%s</td><td class="opt">%s</td>
                <td><progress max="%d" value="%d"></progress> <span class="done">%d</span> / %d</td>
                <td class="succeeded num opt">%d</td><td class="failed num">%d</td><td class="tokens num opt">%d / %d</td><td class="num">$<span class="cost">%s</span></td></tr>
                """.formatted(Html.escape(r.id()), Html.escape(r.status()), Html.escape(r.id()), Html.escape(r.id()),
                Html.time(r.createdAt()), Html.escape(r.status()), held, Html.escape(r.model()), Html.escape(r.priority()),
                Math.max(r.total(), 1), r.done(), r.done(), r.total(), r.completed(), r.failed(), r.inputTokens(), r.outputTokens(), money(r));
    }

    private static String money(BatchListQuery.Row r) {
        return r.cost().setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    private static String form(BatchFilter f) {
        var statuses = new StringBuilder("<option value=\"\">any</option>");
        for (var s : BatchStatus.values()) {
            statuses.append(Html.option(s.wireName(), s.wireName().equals(f.status())));
        }
        var priorities = new StringBuilder("<option value=\"\">any</option>");
        PRIORITIES.forEach(p -> priorities.append(Html.option(p, p.equals(f.priority()))));
        return """
                <h1>Batches</h1>
                <form method="get" action="/ui" class="filters" id="filters" role="search">
                <label>Search <input type="search" name="q" value="%s" placeholder="batch id or custom_id"></label>
                <label>Status <select name="status">%s</select></label>
                <label>From <input type="date" name="from" value="%s"></label>
                <label>To <input type="date" name="to" value="%s"></label>
                <label>Model <input type="text" name="model" value="%s"></label>
                <label>Priority <select name="priority">%s</select></label>
                <label>Metadata key <input type="text" name="meta_key" value="%s"></label>
                <label>value <input type="text" name="meta_value" value="%s"></label>
                <span class="buttons"><button type="submit">Filter</button> <a href="/ui">Clear</a></span>
                </form>
                """.formatted(Html.escape(f.search()), statuses, f.from() == null ? "" : f.from(), f.to() == null ? "" : f.to(),
                Html.escape(f.model()), priorities, Html.escape(f.metaKey()), Html.escape(f.metaValue()));
    }
}
