package io.llmq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.api.ApiException;
import io.llmq.cli.api.Json;
import io.llmq.cli.api.LlmqClient;
import io.llmq.cli.api.NewBatch;
import io.llmq.cli.watch.ProgressBar;
import io.llmq.cli.watch.Watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code llmq submit prompts.jsonl --priority high --watch}: checks the command line and the file
 * before sending anything, uploads the file, creates the batch (deleting the upload again if llmq
 * refuses the batch, so a refusal leaves nothing behind), and optionally follows it to the end.
 * With {@code --dry-run} it prints llmq's quote instead ({@link DryRun}) and creates no batch.
 */
final class Submit {
    static final Set<String> PRIORITIES = Set.of("high", "normal", "low");
    static final String DEFAULT_ENDPOINT = "/v1/chat/completions";
    /** Without a terminal, one progress line per this long keeps CI logs short. */
    static final Duration PLAIN_LINE_EVERY = Duration.ofSeconds(2);

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    Submit(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    int run(List<String> words, Cli cli) throws IOException, InterruptedException, ApiException {
        var args = Args.parse(words, Options.with("priority", "window", "endpoint", "metadata"), Set.of("watch", "dry-run"), Map.of("p", "priority"));
        if (args.positional().size() != 1) {
            throw new UsageError("submit needs exactly one JSONL file, e.g. 'llmq submit prompts.jsonl --priority high --watch'");
        }
        var file = Path.of(args.positional().getFirst());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageError("cannot read " + file + ": no such file (or not readable)");
        }
        var priority = args.option("priority", "normal").toLowerCase(Locale.ROOT);
        if (!PRIORITIES.contains(priority)) {
            throw new UsageError("--priority must be high, normal or low, got '" + args.option("priority", "") + "'");
        }
        var metadata = metadata(args.options("metadata"));
        var client = cli.client(args);
        var endpoint = args.option("endpoint", endpointOf(file));
        var window = args.option("window", "24h");

        if (args.flag("dry-run")) {
            if (args.flag("watch")) {
                throw new UsageError("--dry-run submits nothing, so there is nothing to --watch");
            }
            return new DryRun(out, err).run(client, file, endpoint, window, priority, metadata);
        }
        var uploaded = client.upload(file);
        var fileId = uploaded.path("id").asText();
        JsonNode batch;
        try {
            batch = client.createBatch(new NewBatch(fileId, endpoint, window, priority, metadata));
        } catch (ApiException refused) {
            forget(client, fileId, err);
            throw refused;
        }
        var id = batch.path("id").asText();
        out.printf(Locale.ROOT, "Submitted batch %s: %d requests, priority %s (file %s)%n", id,
                batch.path("request_counts").path("total").asInt(), priority, fileId);
        if (!args.flag("watch")) {
            out.println("Follow it with 'llmq status " + id + "'; fetch results with 'llmq results " + id + " -o results.jsonl'.");
            return Cli.OK;
        }
        var end = new Watch(client, new ProgressBar(out, terminal, PLAIN_LINE_EVERY)).until(id);
        var status = end.path("status").asText();
        out.printf(Locale.ROOT, "Batch %s %s: %d succeeded, %d failed, %d cancelled, %d expired; cost $%s%n", id, status,
                end.path("succeeded").asInt(), end.path("failed").asInt(), end.path("cancelled").asInt(),
                end.path("expired").asInt(), end.path("cost_usd").asText());
        out.println("Results: llmq results " + id + " -o " + id + ".jsonl");
        return "completed".equals(status) ? Cli.OK : Cli.FAILED;
    }

    /** The first request's {@code url} says which endpoint the batch is for. */
    static String endpointOf(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    try {
                        var url = Json.MAPPER.readTree(line).path("url");
                        return url.isTextual() ? url.asText() : DEFAULT_ENDPOINT;
                    } catch (IOException notJson) {
                        // llmq names the bad line when the batch is created
                        return DEFAULT_ENDPOINT;
                    }
                }
            }
        } catch (MalformedInputException binary) {
            return DEFAULT_ENDPOINT;
        }
        return DEFAULT_ENDPOINT;
    }

    private static Map<String, String> metadata(List<String> pairs) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", "llmq cli");
        metadata.putAll(metadataPairs(pairs));
        return metadata;
    }

    /** {@code --metadata key=value} flags, in order. */
    static Map<String, String> metadataPairs(List<String> pairs) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var pair : pairs) {
            var eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("--metadata takes key=value, got '" + pair + "'");
            }
            metadata.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return metadata;
    }

    static void forget(LlmqClient client, String fileId, PrintStream err) {
        try {
            client.deleteFile(fileId);
        } catch (IOException | ApiException e) {
            err.println("llmq: note: could not delete the uploaded file " + fileId + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
