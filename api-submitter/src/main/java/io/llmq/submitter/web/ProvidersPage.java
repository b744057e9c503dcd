package io.llmq.submitter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.submitter.providers.ProviderRoutes;

import java.util.Locale;

/**
 * Read-only, for tenants: each deployment's health and breaker as {@code GET /v1/providers}
 * answers them, its limits and their use now, calls in flight, and latency percentiles of the
 * tenant's own calls over the last 15 minutes.
 */
final class ProvidersPage {
    private final ConsoleSession session;
    private final ProviderRoutes providers;
    private final ProviderQueries queries;

    ProvidersPage(ConsoleSession session, ProviderRoutes providers, ProviderQueries queries) {
        this.session = session;
        this.providers = providers;
        this.queries = queries;
    }

    void register(Javalin app) {
        app.get("/ui/providers", this::show);
    }

    private void show(Context ctx) throws Exception {
        var tenant = session.pageOrLogin(ctx);
        if (tenant.isEmpty()) {
            return;
        }
        var limits = queries.limits();
        var latency = queries.latency(tenant.get().id());
        var rows = new StringBuilder();
        for (JsonNode d : providers.snapshot().path("data")) {
            var name = d.path("deployment").asText();
            var l = limits.get(name);
            var lat = latency.get(name);
            rows.append("""
                    <tr class="deployment" data-deployment="%s" data-health="%s"><td><code>%s</code><br><span class="hint">%s · %s</span></td>
                    <td><span class="badge %s">%s</span></td><td>%s</td><td class="num">%s</td>
                    <td>%s</td><td class="num">%d%s</td><td class="num">%s</td><td class="num">%s</td></tr>
                    """.formatted(Html.escape(name), Html.escape(d.path("health").asText()), Html.escape(name),
                    Html.escape(d.path("provider").asText()), Html.escape(models(d)), Html.escape(d.path("health").asText()),
                    Html.escape(d.path("health").asText()), Html.escape(d.path("breaker_state").asText()),
                    d.path("error_rate").isNull() ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * d.path("error_rate").asDouble()),
                    l == null ? "–" : limits(l), d.path("in_flight").asInt(),
                    d.path("concurrency").path("target").isNull() ? "" : " / target " + d.path("concurrency").path("target").asInt(),
                    d.path("latency_ms").isNull() ? "–" : String.format(Locale.ROOT, "%.0f ms", d.path("latency_ms").asDouble()),
                    lat == null ? "–" : String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms (%d calls)", lat.p50Ms(), lat.p95Ms(),
                            lat.p99Ms(), lat.calls())));
        }
        Html.page(ctx, 200, "Providers", tenant.get().id(), """
                <h1>Providers</h1>
                <p class="hint">Read-only: what the workers report (GET /v1/providers), the shared limits and their use at this moment.</p>
                <div class="scroll"><table id="providers"><thead><tr><th scope="col">deployment</th><th scope="col">health</th>
                <th scope="col">breaker</th><th scope="col">errors (recent)</th><th scope="col">limits · use now</th>
                <th scope="col">calls in flight</th><th scope="col">latency (avg)</th><th scope="col">your calls p50 / p95 / p99 (15 min, start → recorded)</th></tr></thead>
                <tbody>%s</tbody></table></div>
                """.formatted(rows));
    }

    private static String models(JsonNode d) {
        var names = new StringBuilder();
        d.path("models").forEach(m -> names.append(names.isEmpty() ? "" : ", ").append(m.asText()));
        return names.toString();
    }

    private static String limits(ProviderQueries.Limits l) {
        var text = String.format(Locale.ROOT, "%,d RPM · %,d TPM · bucket left %.0f req / %,.0f tok", l.rpm(), l.tpm(),
                Math.max(0, l.requestsLeft()), Math.max(0, l.tokensLeft()));
        if (l.maxConcurrent() > 0) {
            text += String.format(Locale.ROOT, " · %d of %d concurrent", l.leases(), l.maxConcurrent());
        }
        return Html.escape(text) + (l.paused() ? " <span class=\"badge down\">paused (429)</span>" : "");
    }
}
