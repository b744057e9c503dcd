package io.llmq.submitter.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.submitter.budget.BudgetStore;
import io.llmq.submitter.http.Downloads;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Usage and budgets: cost and tokens by UTC day and model over the last 7, 30 or 90 days (a
 * chart drawn by {@code app.js} from the page's JSON, a table, a CSV export), each budget with what
 * is spent and reserved, and the batches held.
 */
final class UsagePage {
    private final ConsoleSession session;
    private final UsageQueries queries;
    private final BudgetStore budgets;
    private final Clock clock;

    UsagePage(ConsoleSession session, UsageQueries queries, BudgetStore budgets, Clock clock) {
        this.session = session;
        this.queries = queries;
        this.budgets = budgets;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/ui/usage", this::show);
        app.get("/ui/usage.csv", this::csv);
    }

    private int days(Context ctx) {
        var days = ctx.queryParam("days");
        return "7".equals(days) ? 7 : "90".equals(days) ? 90 : 30;
    }

    private LocalDate from(int days) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
    }

    private void show(Context ctx) throws Exception {
        var tenant = session.pageOrLogin(ctx);
        if (tenant.isEmpty()) {
            return;
        }
        var days = days(ctx);
        var rows = queries.days(tenant.get().id(), from(days));
        var chart = Json.object().put("from", from(days).toString()).put("days", days);
        var data = chart.putArray("rows");
        var table = new StringBuilder();
        var total = BigDecimal.ZERO;
        for (var r : rows) {
            data.addObject().put("day", r.day().toString()).put("model", r.model()).put("cost", r.cost().doubleValue())
                    .put("tokens", r.inputTokens() + r.outputTokens());
            table.append("<tr class=\"usage\"><td>%s</td><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">$%s</td></tr>\n"
                    .formatted(r.day(), Html.escape(r.model()), r.calls(), r.cacheHits(), r.inputTokens(), r.outputTokens(), money(r.cost())));
            total = total.add(r.cost());
        }
        var ranges = new StringBuilder();
        for (var n : new int[] {7, 30, 90}) {
            ranges.append(n == days ? "<strong aria-current=\"page\">%d days</strong> ".formatted(n)
                    : "<a href=\"/ui/usage?days=%d\">%d days</a> ".formatted(n, n));
        }
        Html.page(ctx, 200, "Usage", tenant.get().id(), """
                <h1>Usage and budgets</h1>
                <nav class="ranges" aria-label="range">%s· <a id="usage-csv" href="/ui/usage.csv?days=%d" download>Export CSV</a></nav>
                <figure><svg id="usage-chart" class="chart wide" viewBox="0 0 800 200" role="img" aria-label="cost per day, by model"></svg>
                <figcaption id="usage-note"></figcaption><ul id="usage-legend" class="legend"></ul></figure>
                <div class="scroll"><table id="usage"><caption class="hint">total $<span id="usage-total">%s</span> since %s (UTC days)</caption>
                <thead><tr><th scope="col">day</th><th scope="col">model</th><th scope="col">calls</th><th scope="col">cache hits</th>
                <th scope="col">input tokens</th><th scope="col">output tokens</th><th scope="col">cost</th></tr></thead><tbody>%s</tbody></table></div>
                %s
                <script type="application/json" id="usage-data">%s</script>
                """.formatted(ranges, days, money(total), from(days), table, UsageSections.budgets(budgets.list(tenant.get().id()),
                queries.held(tenant.get().id())), Json.toText(chart)));
    }

    private void csv(Context ctx) throws Exception {
        var tenant = session.pageOrLogin(ctx);
        if (tenant.isEmpty()) {
            return;
        }
        var days = days(ctx);
        Downloads.attachment(ctx, "text/csv", "usage_" + from(days) + ".csv");
        ctx.header("Cache-Control", "no-store");
        var out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
        out.write("day,model,calls,cache_hits,input_tokens,output_tokens,cost_usd\r\n");
        for (var r : queries.days(tenant.get().id(), from(days))) {
            out.write(String.join(",", r.day().toString(), ResultCsv.cell(r.model()), Long.toString(r.calls()),
                    Long.toString(r.cacheHits()), Long.toString(r.inputTokens()), Long.toString(r.outputTokens()),
                    r.cost().stripTrailingZeros().toPlainString()) + "\r\n");
        }
        out.flush();
    }

    static String money(BigDecimal usd) {
        return usd.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
