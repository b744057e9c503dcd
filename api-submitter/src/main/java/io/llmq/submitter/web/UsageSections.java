package io.llmq.submitter.web;

import io.llmq.submitter.budget.BudgetStore;

import java.math.BigDecimal;
import java.util.List;

/** The usage page's budget table and list of held batches. */
final class UsageSections {
    private UsageSections() {
    }

    static String budgets(List<BudgetStore.View> budgets, List<UsageQueries.Held> held) {
        var rows = new StringBuilder();
        for (var v : budgets) {
            var used = v.spentUsd().add(v.reservedUsd());
            var state = v.hardUsd() != null && used.compareTo(v.hardUsd()) >= 0 ? "over the hard limit: new calls wait"
                    : v.softLimitReached() ? "soft limit reached" : "within";
            rows.append("<tr class=\"budget\" data-period=\"%s\"><td>%s</td><td>%s – %s</td><td class=\"num\">$%s</td><td class=\"num\">$%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td></tr>\n"
                    .formatted(Html.escape(v.period()), Html.escape(v.period()), Html.escape(v.periodStart()), Html.escape(v.periodEnd()),
                            UsagePage.money(v.spentUsd()), UsagePage.money(v.reservedUsd()), limit(v.softUsd()), limit(v.hardUsd()), state));
        }
        var budgetTable = budgets.isEmpty() ? "<p class=\"hint\" id=\"no-budgets\">No budget is set (PUT /v1/budgets/{period}).</p>" : """
                <div class="scroll"><table id="budgets"><thead><tr><th scope="col">period</th><th scope="col">from – to (UTC)</th>
                <th scope="col">spent</th><th scope="col">reserved now</th><th scope="col">soft limit</th><th scope="col">hard limit</th>
                <th scope="col">state</th></tr></thead><tbody>%s</tbody></table></div>""".formatted(rows);
        var heldRows = new StringBuilder();
        held.forEach(h -> heldRows.append("<li class=\"held\"><a href=\"/ui/batches/%s\"><code>%s</code></a> <code>%s</code>: %s (since %s)</li>"
                .formatted(Html.escape(h.batchId()), Html.escape(h.batchId()), Html.escape(h.reason()), Html.escape(h.message()),
                        Html.time(h.since()))));
        return "<h2>Budgets</h2>" + budgetTable + "<h2>Held batches</h2>"
                + (held.isEmpty() ? "<p class=\"hint\" id=\"no-held\">No batch is held.</p>" : "<ul id=\"held\">" + heldRows + "</ul>");
    }

    private static String limit(BigDecimal usd) {
        return usd == null ? "–" : "$" + UsagePage.money(usd);
    }
}
