package io.llmq.submitter.quote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Price;
import io.llmq.submitter.batch.CreateBatch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code batch.quote} object. Costs are US dollars as decimal strings (never floats), to the
 * ledger's 10 places: {@code min} is the prompts alone (no output), {@code expected} adds each
 * line's expected output, {@code max} each line's whole output limit.
 */
final class QuoteJson {
    private static final int COST_SCALE = 10;

    private QuoteJson() {
    }

    static ObjectNode of(CreateBatch request, Collection<ModelTally> tallies, Function<String, Price> price, Map<String, Eta> etas) {
        var json = Json.object();
        json.put("object", "batch.quote");
        json.put("endpoint", request.endpoint());
        json.put("completion_window", request.completionWindow());
        json.put("priority", request.priority().wireName());
        json.put("tokenizer", PromptTokens.ENCODING);
        var perModel = Json.MAPPER.createArrayNode();
        long requests = 0, input = 0, expected = 0, max = 0;
        BigDecimal[] total = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        Eta slowest = null;
        for (var t : tallies) {
            var p = price.apply(t.model.id());
            BigDecimal[] cost = {p.cost(t.inputTokens, 0, 0), p.cost(t.inputTokens, 0, t.expectedOutputTokens),
                    p.cost(t.inputTokens, 0, t.maxOutputTokens)};
            var eta = etas.get(t.model.deployment());
            var item = perModel.addObject();
            item.put("model", t.model.id());
            item.put("deployment", t.model.deployment());
            item.put("requests", t.requests);
            item.put("input_tokens", t.inputTokens);
            item.put("expected_output_tokens", t.expectedOutputTokens);
            item.put("max_output_tokens", t.maxOutputTokens);
            item.put("expected_output_basis", t.expectedOutputBasis());
            var unit = item.putObject("price");
            unit.put("input", p.inputPerMtok().toPlainString());
            unit.put("output", p.outputPerMtok().toPlainString());
            unit.put("unit", "per_million_tokens");
            item.set("cost", cost(cost));
            item.set("estimated_completion", eta(eta, request));
            requests += t.requests;
            input += t.inputTokens;
            expected += t.expectedOutputTokens;
            max += t.maxOutputTokens;
            for (int i = 0; i < total.length; i++) {
                total[i] = total[i].add(cost[i]);
            }
            slowest = Eta.slower(slowest, eta);
        }
        json.put("requests", requests);
        json.put("input_tokens", input);
        json.put("expected_output_tokens", expected);
        json.put("max_output_tokens", max);
        json.set("cost", cost(total));
        json.set("estimated_completion", eta(slowest, request));
        json.set("per_model", perModel);
        return json;
    }

    private static ObjectNode cost(BigDecimal[] minExpectedMax) {
        var cost = Json.object();
        cost.put("min", dollars(minExpectedMax[0]));
        cost.put("expected", dollars(minExpectedMax[1]));
        cost.put("max", dollars(minExpectedMax[2]));
        cost.put("currency", "usd");
        return cost;
    }

    private static String dollars(BigDecimal amount) {
        return amount.setScale(COST_SCALE, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static ObjectNode eta(Eta eta, CreateBatch request) {
        var json = Json.object();
        if (eta == null || eta.seconds() == null) {
            json.putNull("seconds");
            json.putNull("within_window");
        } else {
            json.put("seconds", eta.seconds());
            json.put("within_window", eta.seconds() <= request.window().toSeconds());
        }
        if (eta != null) {
            var basis = json.putObject("based_on");
            basis.put("deployment", eta.deployment());
            basis.put("rpm", eta.rpm());
            basis.put("tpm", eta.tpm());
            basis.put("backlog_jobs", eta.backlog().jobs());
            basis.put("backlog_tokens", eta.backlog().tokens());
        }
        return json;
    }
}
