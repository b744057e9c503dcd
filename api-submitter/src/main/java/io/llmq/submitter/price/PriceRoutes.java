package io.llmq.submitter.price;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Price;
import io.llmq.schema.catalogue.PriceDates;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.price.PriceTable;
import io.llmq.schema.price.PriceVersion;
import io.llmq.submitter.audit.AuditLog;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Decimals;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.RequestIds;
import io.llmq.submitter.http.Routes;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code GET /v1/prices}: the price in force for every priced model, or with {@code ?model=} every
 * version of one model. {@code POST /admin/prices}: a new version (admin key). Versions are never
 * changed; a new price applies to calls made from its {@code effective_from} on.
 */
public final class PriceRoutes implements Routes {
    /** A new version may not start in the past: calls already made were charged at the old price. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
    private static final int PRICE_SCALE = 6;

    private final DataSource dataSource;
    private final Supplier<Catalogue> catalogue;
    private final PriceBook prices;
    private final Clock clock;

    public PriceRoutes(DataSource dataSource, Supplier<Catalogue> catalogue, PriceBook prices, Clock clock) {
        this.dataSource = dataSource;
        this.catalogue = catalogue;
        this.prices = prices;
        this.clock = clock;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/prices", this::list);
        app.post("/admin/prices", this::add);
    }

    private void list(Context ctx) {
        var model = Params.idQuery(ctx, "model");
        var now = clock.instant();
        var body = Json.object().put("object", "list");
        var data = body.putArray("data");
        if (model != null) {
            var current = prices.inForce(model, now);
            for (var v : prices.versions(model)) {
                data.add(json(v, current.isPresent() && current.get().effectiveFrom().equals(v.effectiveFrom())));
            }
        } else {
            for (var m : catalogue.get().models()) {
                prices.inForce(m.id(), now).ifPresent(v -> data.add(json(v, true)));
            }
        }
        ctx.json(body);
    }

    private void add(Context ctx) throws Exception {
        var body = Params.jsonBody(ctx);
        var modelNode = body.get("model");
        if (modelNode == null || !modelNode.isTextual()) {
            throw ApiError.invalid("model", "Missing required parameter: 'model'.");
        }
        var catalogue = this.catalogue.get();
        var model = catalogue.model(modelNode.asText()).orElseThrow(() -> ApiError.modelNotFound(Params.shorten(modelNode.asText())));
        var input = Decimals.nonNegative(body, "input", PRICE_SCALE);
        var output = Decimals.nonNegative(body, "output", PRICE_SCALE);
        if (input == null || output == null) {
            throw ApiError.invalid(input == null ? "input" : "output", "'input' and 'output' (US dollars per million tokens) are required.");
        }
        var batchDiscount = body.path("batch_discount");
        if (!batchDiscount.isMissingNode() && !batchDiscount.isNull() && !batchDiscount.isBoolean()) {
            throw ApiError.invalid("batch_discount", "'batch_discount' must be true or false.");
        }
        Instant from;
        try {
            from = PriceDates.parse(body.path("effective_from").isTextual() ? body.get("effective_from").asText() : null, model.id());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("effective_from", "'effective_from' must be a date (YYYY-MM-DD) or an RFC 3339 time "
                    + "between the years 1 and 9999.");
        }
        if (from != null && from.isBefore(clock.instant().minus(CLOCK_SLACK))) {
            throw ApiError.invalid("effective_from", "'effective_from' is in the past; calls already made keep the price they "
                    + "were charged at, so a new price can only start now or later.");
        }
        var version = new PriceVersion(catalogue.deployment(model.deployment()).provider(), model.id(), from,
                new Price(input, Decimals.nonNegative(body, "cached_input", PRICE_SCALE), Decimals.nonNegative(body, "cache_write", PRICE_SCALE),
                        output, batchDiscount.asBoolean(false)), PriceVersion.ADMIN);
        var added = Transaction.run(dataSource, c -> {
            var start = PriceTable.insert(c, version);
            if (start.isPresent()) {
                var stored = new PriceVersion(version.provider(), version.model(), start.get(), version.price(), version.source());
                AuditLog.append(c, "admin", "price.add", null, model.id(), RequestIds.remoteAddress(ctx), json(stored, false));
            }
            return start;
        });
        if (added.isEmpty()) {
            throw ApiError.conflict("Model " + model.id() + " already has a price version starting at " + from
                    + "; versions are never changed. Give another effective_from.");
        }
        prices.invalidate();
        var stored = new PriceVersion(version.provider(), version.model(), added.get(), version.price(), version.source());
        ctx.status(201).json(json(stored, !added.get().isAfter(clock.instant())));
    }

    static ObjectNode json(PriceVersion v, boolean inForce) {
        var p = v.price();
        var json = Json.object();
        json.put("object", "price");
        json.put("model", v.model());
        json.put("provider", v.provider());
        if (v.effectiveFrom() == null) {
            json.putNull("effective_from");
        } else {
            json.put("effective_from", v.effectiveFrom().toString());
        }
        json.put("currency", "usd");
        json.put("unit", "per_million_tokens");
        json.put("input", p.inputPerMtok().toPlainString());
        json.put("cached_input", p.cachedInputPerMtok().toPlainString());
        json.put("cache_write", p.cacheWritePerMtok().toPlainString());
        json.put("output", p.outputPerMtok().toPlainString());
        json.put("batch_discount", p.batchDiscount());
        json.put("source", v.source());
        json.put("in_force", inForce);
        return json;
    }
}
