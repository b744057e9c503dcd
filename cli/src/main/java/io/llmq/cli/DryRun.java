package io.llmq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.api.ApiException;
import io.llmq.cli.api.LlmqClient;
import io.llmq.cli.api.NewBatch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code llmq submit prompts.jsonl --dry-run}: what the batch would cost and how long it would
 * take, from {@code POST /v1/batches/quote}. The file is uploaded so that llmq judges it exactly as
 * a submit would (the same refusals, line by line), and deleted again whatever the answer.
 */
final class DryRun {
    private final PrintStream out;
    private final PrintStream err;

    DryRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(LlmqClient client, Path file, String endpoint, String window, String priority, Map<String, String> metadata)
            throws IOException, InterruptedException, ApiException {
        var fileId = client.upload(file).path("id").asText();
        JsonNode quote;
        try {
            quote = client.quote(new NewBatch(fileId, endpoint, window, priority, metadata));
        } finally {
            Submit.forget(client, fileId, err);
        }
        print(file, quote);
        return Cli.OK;
    }

    void print(Path file, JsonNode q) {
        out.printf(Locale.ROOT, "Quote for %s (dry run: nothing was submitted): %,d requests to %s, priority %s, window %s%n",
                file.getFileName(), q.path("requests").asLong(), q.path("endpoint").asText(), q.path("priority").asText(),
                q.path("completion_window").asText());
        out.printf(Locale.ROOT, "  tokens  %,d input; output %,d expected, %,d at most (%s)%n", q.path("input_tokens").asLong(),
                q.path("expected_output_tokens").asLong(), q.path("max_output_tokens").asLong(), q.path("tokenizer").asText());
        out.println("  cost    " + cost(q.path("cost")));
        out.println("  ETA     " + eta(q.path("estimated_completion")));
        for (var m : q.path("per_model")) {
            out.printf(Locale.ROOT, "  %-24s %,d requests, %,d in, %,d out expected (%s): %s%n", m.path("model").asText(),
                    m.path("requests").asLong(), m.path("input_tokens").asLong(), m.path("expected_output_tokens").asLong(),
                    m.path("expected_output_basis").asText().replace('_', ' '), cost(m.path("cost")));
        }
    }

    private static String cost(JsonNode cost) {
        return "min $" + cost.path("min").asText() + " · expected $" + cost.path("expected").asText() + " · max $" + cost.path("max").asText();
    }

    static String eta(JsonNode eta) {
        var basis = eta.path("based_on");
        var limits = basis.isMissingNode() ? "" : String.format(Locale.ROOT, " (deployment %s: %s rpm, %s tpm; %,d jobs queued ahead)",
                basis.path("deployment").asText(), limit(basis.path("rpm").asLong()), limit(basis.path("tpm").asLong()),
                basis.path("backlog_jobs").asLong());
        if (!eta.path("seconds").isNumber()) {
            return "unknown: the deployment sets no rate limit to estimate from" + limits;
        }
        var seconds = eta.path("seconds").asLong();
        var text = seconds < 120 ? seconds + " s" : seconds < 7200 ? (seconds + 59) / 60 + " min" : String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
        return "about " + text + limits + (eta.path("within_window").asBoolean(true) ? "" : "; longer than the completion window");
    }

    private static String limit(long value) {
        return value == 0 ? "no" : String.format(Locale.ROOT, "%,d", value);
    }
}
