package io.llmq.cli;

import io.llmq.cli.api.ApiException;
import io.llmq.cli.api.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code llmq retry batch_abc [--priority high] [--window 2h] [--model gpt-4o] [--metadata k=v]}:
 * a new batch of the failed and expired requests of an ended batch. Asking twice prints the same
 * new batch: llmq makes one retry per batch.
 */
final class Retry {
    private final PrintStream out;

    Retry(PrintStream out) {
        this.out = out;
    }

    int run(List<String> words, Cli cli) throws IOException, InterruptedException, ApiException {
        var args = Args.parse(words, Options.with("priority", "window", "model", "metadata"), Set.of(), Map.of("p", "priority"));
        var id = Options.oneBatchId(args, "retry");
        var overrides = Json.MAPPER.createObjectNode();
        var priority = args.option("priority", null);
        if (priority != null) {
            if (!Submit.PRIORITIES.contains(priority.toLowerCase(Locale.ROOT))) {
                throw new UsageError("--priority must be high, normal or low, got '" + priority + "'");
            }
            overrides.put("priority", priority.toLowerCase(Locale.ROOT));
        }
        var window = args.option("window", null);
        if (window != null) {
            overrides.put("completion_window", window);
        }
        var model = args.option("model", null);
        if (model != null) {
            overrides.put("model", model);
        }
        if (!args.options("metadata").isEmpty()) {
            var metadata = overrides.putObject("metadata");
            Submit.metadataPairs(args.options("metadata")).forEach(metadata::put);
        }
        var child = cli.client(args).retry(id, overrides);
        out.printf(Locale.ROOT, "Retry of %s: batch %s with %d requests (the failed and expired ones), status %s%n", id,
                child.path("id").asText(), child.path("request_counts").path("total").asInt(), child.path("status").asText());
        out.println("Follow it with 'llmq status " + child.path("id").asText() + "'.");
        return Cli.OK;
    }
}
