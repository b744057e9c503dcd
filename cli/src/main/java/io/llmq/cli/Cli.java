package io.llmq.cli;

import io.llmq.cli.api.ApiException;
import io.llmq.cli.api.LlmqClient;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The llmq command line: {@code submit}, {@code status}, {@code results}, {@code cancel},
 * {@code retry}, {@code usage}. Settings come from flags or the environment ({@code LLMQ_URL},
 * {@code LLMQ_API_KEY}). Exit codes: 0 done, 1 llmq refused or failed (the message says why, with
 * llmq's code and request id), 2 the command line is wrong and nothing was sent.
 */
public final class Cli {
    static final String DEFAULT_URL = "http://localhost:8080";
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /** @param terminal stdout is a terminal: the progress bar redraws in place */
    public Cli(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public int run(String... argv) {
        var words = List.of(argv);
        if (words.isEmpty() || words.contains("--help") || words.contains("-h") || words.getFirst().equals("help")) {
            out.print(USAGE_TEXT);
            return words.isEmpty() ? USAGE : OK;
        }
        var command = words.getFirst();
        var rest = words.subList(1, words.size());
        try {
            return switch (command) {
                case "submit" -> new Submit(out, err, terminal).run(rest, this);
                case "status" -> new Status(out).run(rest, this);
                case "results" -> new Results(out, err).run(rest, this);
                case "cancel" -> cancel(rest);
                case "retry" -> new Retry(out).run(rest, this);
                case "usage" -> new UsageReport(out).run(rest, this);
                default -> throw new UsageError("unknown command '" + command + "' (one of submit, status, results, cancel, retry, usage)");
            };
        } catch (UsageError e) {
            err.println("llmq: " + e.getMessage());
            err.println("Run 'llmq --help' for the commands and their options.");
            return USAGE;
        } catch (ApiException e) {
            err.println("llmq: " + e.getMessage() + " (" + e.code() + (e.requestId() == null ? "" : ", request " + e.requestId()) + ")");
            return FAILED;
        } catch (IOException e) {
            err.println("llmq: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("llmq: interrupted");
            return FAILED;
        }
    }

    /** The client for the options common to every command ({@code --url}, {@code --api-key}) or the environment. */
    LlmqClient client(Args args) {
        var url = args.option("url", env.getOrDefault("LLMQ_URL", DEFAULT_URL));
        if (!(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new UsageError("the llmq URL must start with http:// or https://, got '" + url + "'");
        }
        var key = args.option("api-key", env.get("LLMQ_API_KEY"));
        if (key == null || key.isBlank()) {
            throw new UsageError("no API key: set LLMQ_API_KEY (or pass --api-key)");
        }
        return new LlmqClient(url, key.trim());
    }

    private int cancel(List<String> words) throws IOException, InterruptedException, ApiException {
        var args = Args.parse(words, Options.COMMON, Set.of(), Map.of());
        var id = Options.oneBatchId(args, "cancel");
        var batch = client(args).cancel(id);
        out.println("Batch " + id + " is " + batch.path("status").asText()
                + ": no new provider calls start; calls under way finish and are kept.");
        return OK;
    }

    static final String USAGE_TEXT = """
            usage: llmq <command> [options]

              submit <file.jsonl> [--priority high|normal|low] [--watch] [--window 24h]
                                  [--endpoint /v1/chat/completions] [--metadata key=value]... [--dry-run]
                     upload the file, create the batch; --endpoint defaults to the first line's url
                     (/v1/chat/completions, /v1/responses, /v1/completions, /v1/embeddings or
                     /v1/moderations); --watch shows a live progress bar
                     (done / failed / in flight, rate, ETA, tokens, cost so far) until it ends;
                     --dry-run prints llmq's quote (tokens, cost min/expected/max, ETA) and submits nothing
              status [<batch_id>]  one batch in detail, or the latest 20 batches
              results <batch_id> [-o out.jsonl|out.csv] [--format jsonl|csv]
                     write the results (what has ended so far, if it still runs); stdout without -o
              cancel <batch_id>    stop the batch: no new provider calls start
              retry <batch_id> [--priority p] [--window 2h] [--model m] [--metadata key=value]...
                     a new batch of the failed and expired requests of an ended batch (once per batch)
              usage [--group-by model,day|model|day|batch] [--start 2026-01-01] [--end 2026-02-01]
                     cost table (default: by day and model, the last 30 days)

            options for every command:
              --url <url>          llmq's address (default $LLMQ_URL, else http://localhost:8080)
              --api-key <key>      tenant API key (default $LLMQ_API_KEY; prefer the variable:
                                   a flag is visible in the process list)

            exit codes: 0 done, 1 llmq refused or failed (message, code and request id on stderr),
                        2 wrong command line (nothing was sent to llmq)
            """;
}
