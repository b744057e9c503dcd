package io.llmq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.api.ApiException;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code llmq usage}: the tenant's billed calls, tokens and exact cost as a table (by day and model unless told otherwise). */
final class UsageReport {
    private final PrintStream out;

    UsageReport(PrintStream out) {
        this.out = out;
    }

    int run(List<String> words, Cli cli) throws IOException, InterruptedException, ApiException {
        var args = Args.parse(words, Options.with("group-by", "start", "end"), Set.of(), Map.of());
        if (!args.positional().isEmpty()) {
            throw new UsageError("usage takes no arguments besides options, got '" + args.positional().getFirst() + "'");
        }
        var groupBy = args.option("group-by", "day,model").toLowerCase(Locale.ROOT).replace(" ", "");
        var keys = switch (groupBy) {
            case "day,model", "model,day" -> List.of("day", "model");
            case "model" -> List.of("model");
            case "day" -> List.of("day");
            case "batch" -> List.of("batch_id");
            default -> throw new UsageError("--group-by must be day,model, model, day or batch, got '" + groupBy + "'");
        };
        Map<String, String> query = new LinkedHashMap<>();
        query.put("group_by", String.join(",", keys).replace("batch_id", "batch"));
        query.put("start", args.option("start", null));
        query.put("end", args.option("end", null));
        print(cli.client(args).usage(query), keys);
        return Cli.OK;
    }

    private void print(JsonNode usage, List<String> keys) {
        out.printf(Locale.ROOT, "Usage from %s to %s%n%n", usage.path("start").asText(), usage.path("end").asText());
        List<List<String>> rows = new ArrayList<>();
        var header = new ArrayList<>(keys);
        header.addAll(List.of("requests", "input tokens", "cached", "output tokens", "cost (USD)"));
        rows.add(header);
        for (var r : usage.path("data")) {
            rows.add(row(r, keys.stream().map(k -> r.path(k).asText()).toList()));
        }
        var total = new ArrayList<String>();
        total.add("total");
        for (int i = 1; i < keys.size(); i++) {
            total.add("");
        }
        rows.add(row(usage.path("total"), total));
        var widths = new int[header.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        for (int n = 0; n < rows.size(); n++) {
            if (n == rows.size() - 1) {
                out.println("-".repeat(Arrays.stream(widths).sum() + 2 * (widths.length - 1)));
            }
            var line = new StringBuilder();
            var r = rows.get(n);
            for (int i = 0; i < r.size(); i++) {
                var cell = r.get(i);
                var pad = " ".repeat(widths[i] - cell.length());
                // keys left-aligned, numbers right-aligned
                line.append(i < keys.size() ? cell + pad : pad + cell).append(i < r.size() - 1 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
        if (usage.path("truncated").asBoolean()) {
            out.println("(more rows than llmq returns at once; narrow --start/--end)");
        }
    }

    private static List<String> row(JsonNode r, List<String> keys) {
        var cells = new ArrayList<>(keys);
        cells.add(String.format(Locale.ROOT, "%,d", r.path("requests").asLong()));
        cells.add(String.format(Locale.ROOT, "%,d", r.path("input_tokens").asLong()));
        cells.add(String.format(Locale.ROOT, "%,d", r.path("cached_tokens").asLong()));
        cells.add(String.format(Locale.ROOT, "%,d", r.path("output_tokens").asLong()));
        cells.add(new BigDecimal(r.path("cost_usd").asText("0")).toPlainString());
        return cells;
    }
}
