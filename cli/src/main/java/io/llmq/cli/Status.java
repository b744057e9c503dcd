package io.llmq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.api.ApiException;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code llmq status [<batch_id>]}: one batch in detail, or the latest batches as a table. */
final class Status {
    private final PrintStream out;

    Status(PrintStream out) {
        this.out = out;
    }

    int run(List<String> words, Cli cli) throws IOException, InterruptedException, ApiException {
        var args = Args.parse(words, Options.COMMON, Set.of(), Map.of());
        if (args.positional().isEmpty()) {
            list(cli.client(args).batches(20));
            return Cli.OK;
        }
        var id = Options.oneBatchId(args, "status");
        show(cli.client(args).batch(id));
        return Cli.OK;
    }

    private void show(JsonNode b) {
        var llmq = b.path("llmq");
        var split = llmq.path("request_counts");
        var total = b.path("request_counts").path("total").asInt();
        out.printf(Locale.ROOT, "batch      %s%n", b.path("id").asText());
        out.printf(Locale.ROOT, "status     %s (priority %s)%n", b.path("status").asText(), llmq.path("priority").asText());
        out.printf(Locale.ROOT, "requests   %d total: %d succeeded, %d failed, %d cancelled, %d expired, %d in flight%n", total,
                split.path("succeeded").asInt(), split.path("failed").asInt(), split.path("cancelled").asInt(),
                split.path("expired").asInt(), split.path("pending").asInt());
        out.printf(Locale.ROOT, "tokens     %,d in, %,d out%n", b.path("usage").path("input_tokens").asLong(),
                b.path("usage").path("output_tokens").asLong());
        out.printf(Locale.ROOT, "cost       $%s%n", new BigDecimal(llmq.path("cost_usd").asText("0")).toPlainString());
        out.printf(Locale.ROOT, "created    %s%n", Instant.ofEpochSecond(b.path("created_at").asLong()));
        if (b.path("output_file_id").isTextual()) {
            out.printf(Locale.ROOT, "output     %s%n", b.path("output_file_id").asText());
        }
        if (b.path("error_file_id").isTextual()) {
            out.printf(Locale.ROOT, "errors     %s%n", b.path("error_file_id").asText());
        }
    }

    private void list(JsonNode page) {
        out.printf(Locale.ROOT, "%-32s  %-11s  %15s  %12s  %s%n", "batch", "status", "done/total", "cost", "created (UTC)");
        for (var b : page.path("data")) {
            var counts = b.path("request_counts");
            out.printf(Locale.ROOT, "%-32s  %-11s  %15s  %12s  %s%n", b.path("id").asText(), b.path("status").asText(),
                    (counts.path("completed").asInt() + counts.path("failed").asInt()) + "/" + counts.path("total").asInt(),
                    "$" + new BigDecimal(b.path("llmq").path("cost_usd").asText("0")).setScale(4, RoundingMode.HALF_UP).toPlainString(),
                    Instant.ofEpochSecond(b.path("created_at").asLong()));
        }
        if (page.path("data").isEmpty()) {
            out.println("(no batches yet)");
        }
    }
}
