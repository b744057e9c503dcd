package io.llmq.submitter.quote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.price.PriceBook;
import io.llmq.submitter.auth.Tenant;
import io.llmq.submitter.batch.BatchService;
import io.llmq.submitter.batch.CreateBatch;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A price and a time for a batch before it is submitted. The body is judged by the create's own
 * checks ({@link BatchService#input}, {@link BatchService#judge}), so a quote is refused exactly
 * where a create would be; then each valid line's tokens are counted with the tokenizer, priced
 * at its model's price in force, and the deployments' limits and backlog give the time. Nothing
 * is written: no file, no batch, no job, no idempotency record.
 */
public final class Quoter {
    private final BatchService service;
    private final Supplier<Catalogue> catalogue;
    private final PriceBook prices;
    private final DataSource dataSource;
    private final Clock clock;

    public Quoter(BatchService service, Supplier<Catalogue> catalogue, PriceBook prices, DataSource dataSource, Clock clock) {
        this.service = service;
        this.catalogue = catalogue;
        this.prices = prices;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    ObjectNode quote(Tenant tenant, CreateBatch request) throws Exception {
        var observed = ObservedOutput.means(dataSource, tenant.id(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        var endpoint = request.endpoint();
        var catalogue = this.catalogue.get();
        Map<String, ModelTally> byModel = new LinkedHashMap<>();
        service.judge(service.input(tenant, request), endpoint, line -> {
            var model = catalogue.model(line.model()).orElseThrow();
            byModel.computeIfAbsent(model.id(), id -> new ModelTally(model, observed.get(id)))
                    .add(PromptTokens.of(endpoint, line.body()), PromptTokens.maxOutput(endpoint, line.body(), model));
        });
        var backlog = Backlog.byDeployment(dataSource, catalogue, request.priority());
        Map<String, Eta> etas = new HashMap<>();
        for (var deployment : byModel.values().stream().map(t -> t.model.deployment()).distinct().toList()) {
            var mine = byModel.values().stream().filter(t -> t.model.deployment().equals(deployment)).toList();
            var model = mine.get(0).model;
            var pool = catalogue.enabledPool(model.id()).stream().map(m -> catalogue.deployment(m.deployment())).toList();
            etas.put(deployment, Eta.of(pool.isEmpty() ? List.of(catalogue.deployment(deployment)) : pool,
                    backlog.getOrDefault(deployment, Backlog.Load.NONE),
                    mine.stream().mapToLong(t -> t.requests).sum(), mine.stream().mapToLong(ModelTally::expectedTokens).sum()));
        }
        return QuoteJson.of(request, byModel.values(), m -> prices.inForceNow(m).orElseThrow().price(), etas);
    }
}
