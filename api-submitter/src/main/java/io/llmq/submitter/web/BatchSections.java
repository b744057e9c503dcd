package io.llmq.submitter.web;

import io.javalin.http.Context;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.budget.BudgetStore;

import java.util.List;

/** The parts of one batch's page below its counts: actions, hold, errors by code, webhook deliveries. */
final class BatchSections {
    private BatchSections() {
    }

    static String actions(Context ctx, BatchRecord b) {
        var id = Html.escape(b.id());
        var api = BatchRecord.OPENAI.equals(b.dialect()) ? "/v1/batches/" : "/v1/messages/batches/";
        var curl = "curl -H \"Authorization: Bearer $LLMQ_API_KEY\" " + ctx.scheme() + "://" + ctx.host() + api + b.id();
        var cancel = b.status().isTerminal() ? "" : "<a class=\"button danger\" id=\"cancel\" href=\"/ui/batches/%s/cancel\">Cancel…</a>".formatted(id);
        var retry = b.status().isTerminal() && b.failed() + b.expired() > 0 && BatchRecord.OPENAI.equals(b.dialect())
                ? "<a class=\"button\" id=\"retry\" href=\"/ui/batches/%s/retry\">Retry failed…</a>".formatted(id) : "";
        return """
                <div class="actions" role="group" aria-label="actions">%s%s
                <button type="button" data-copy="%s" id="copy-id">Copy id</button>
                <button type="button" data-copy="%s" id="copy-curl">Copy curl</button></div>
                <p class="hint"><code id="curl">%s</code></p>
                """.formatted(cancel, retry, id, Html.escape(curl), Html.escape(curl));
    }

    static String downloads(BatchRecord b) {
        var id = Html.escape(b.id());
        return """
                <h2>Results</h2>
                <p>Succeeded: <a id="download-output" href="/ui/batches/%1$s/output.jsonl" download>output.jsonl</a> ·
                <a id="download-output-csv" href="/ui/batches/%1$s/output.csv" download>output.csv</a>.
                Everything else: <a id="download-errors" href="/ui/batches/%1$s/errors.jsonl" download>errors.jsonl</a> ·
                <a id="download-errors-csv" href="/ui/batches/%1$s/errors.csv" download>errors.csv</a>.
                While the batch runs they hold what has ended so far.</p>
                """.formatted(id);
    }

    /** Why jobs are held and until when: an over-budget hold lasts until the budget is raised or the period over it ends. */
    static String hold(BatchRecord b, List<BudgetStore.View> budgets) {
        if (b.hold() == null) {
            return "";
        }
        var until = "until what holds it changes";
        if ("over_budget".equals(b.hold().reason())) {
            var end = budgets.stream().filter(v -> v.hardUsd() != null && v.spentUsd().add(v.reservedUsd()).compareTo(v.hardUsd()) >= 0)
                    .map(BudgetStore.View::periodEnd).sorted().findFirst();
            until = end.map(e -> "until the budget is raised (<a href=\"/ui/usage\">usage and budgets</a>) or its period ends at "
                    + Html.escape(e) + " 00:00 UTC").orElse("until the budget is raised or its period ends");
        } else if ("daily_quota".equals(b.hold().reason())) {
            until = "until the deployments' quota day resets (the time above) or a quota is raised";
        }
        return """
                <section class="hold" id="hold" role="status"><h2>Held: <code>%s</code></h2><p>%s</p>
                <p class="hint">since %s, %s.</p></section>
                """.formatted(Html.escape(b.hold().reason()), Html.escape(b.hold().message()), Html.time(b.hold().since()), until);
    }

    static String errorGroups(List<BatchDetails.ErrorGroup> groups) {
        if (groups.isEmpty()) {
            return "<h2>Errors by code</h2><p id=\"no-errors\">No errors.</p>";
        }
        var rows = new StringBuilder();
        for (var g : groups) {
            var examples = new StringBuilder();
            g.examples().forEach(e -> examples.append("<li>line %d <code>%s</code>: %s</li>".formatted(e.line(),
                    Html.escape(e.customId()), Html.escape(e.message()))));
            rows.append("<tr class=\"error-group\" data-code=\"%s\"><td><code>%s</code></td><td>%s</td><td class=\"num count\">%d</td><td><ul>%s</ul></td></tr>\n"
                    .formatted(Html.escape(g.code()), Html.escape(g.code()), Html.escape(g.status()), g.count(), examples));
        }
        return """
                <h2>Errors by code</h2><div class="scroll"><table id="error-groups"><thead><tr><th scope="col">code</th>
                <th scope="col">ending</th><th scope="col">count</th><th scope="col">first examples</th></tr></thead><tbody>%s</tbody></table></div>
                """.formatted(rows);
    }

    static String deliveries(List<BatchDetails.Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return "<h2>Webhook deliveries</h2><p class=\"hint\" id=\"no-deliveries\">None: no endpoint of this tenant asked for this batch's events (yet).</p>";
        }
        var rows = new StringBuilder();
        for (var d : deliveries) {
            rows.append("<tr class=\"delivery\"><td><code>%s</code></td><td>%s</td><td>%s</td><td class=\"num\">%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n"
                    .formatted(Html.escape(d.id()), Html.escape(d.eventType()), Html.escape(d.status()), d.attempts(),
                            d.lastStatusCode() == null ? "–" : d.lastStatusCode(), Html.escape(d.lastError()), Html.escape(d.url()),
                            Html.time(d.endedAt() != null ? d.endedAt() : d.createdAt())));
        }
        return """
                <h2>Webhook deliveries</h2><div class="scroll"><table id="deliveries"><thead><tr><th scope="col">delivery</th>
                <th scope="col">event</th><th scope="col">status</th><th scope="col">attempts</th><th scope="col">last HTTP status</th>
                <th scope="col">last error</th><th scope="col">endpoint</th><th scope="col">ended / created</th></tr></thead><tbody>%s</tbody></table></div>
                """.formatted(rows);
    }
}
