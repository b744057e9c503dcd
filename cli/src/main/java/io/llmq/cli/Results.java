package io.llmq.cli;

import io.llmq.cli.api.ApiException;
import io.llmq.cli.api.LlmqClient;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code llmq results <batch_id> [-o out.jsonl|out.csv]}: every ended job in input order, paged
 * from {@code GET /v1/batches/{id}/results}. A file is written next to its target and moved into
 * place at the end, so a failed download never leaves half a file under the requested name.
 */
final class Results {
    static final int PAGE = 1000;

    private final PrintStream out;
    private final PrintStream err;

    Results(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> words, Cli cli) throws IOException, InterruptedException, ApiException {
        var args = Args.parse(words, Options.with("output", "format"), Set.of(), Map.of("o", "output"));
        var id = Options.oneBatchId(args, "results");
        var target = args.option("output", null);
        var format = ResultFormat.of(args.option("format", null), target);
        var client = cli.client(args);
        if (target == null) {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            var written = write(client, id, format, writer);
            writer.flush();
            err.println(summary(written, id, "stdout"));
            return Cli.OK;
        }
        var path = Path.of(target).toAbsolutePath();
        var partial = path.resolveSibling(path.getFileName() + ".partial");
        try {
            Written written;
            try (var writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                written = write(client, id, format, writer);
            }
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING);
            err.println(summary(written, id, target));
            return Cli.OK;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    record Written(int results, String batchStatus) {
    }

    private static Written write(LlmqClient client, String id, ResultFormat format, Writer writer)
            throws IOException, InterruptedException, ApiException {
        var after = 0;
        var count = 0;
        String status;
        format.header(writer);
        while (true) {
            var page = client.results(id, after, PAGE);
            status = page.path("batch_status").asText();
            for (var item : page.path("data")) {
                format.write(item, writer);
                count++;
            }
            if (!page.path("has_more").asBoolean() || page.path("next_after").isNull()) {
                break;
            }
            after = page.path("next_after").asInt();
        }
        return new Written(count, status);
    }

    private static String summary(Written w, String id, String where) {
        var running = Set.of("validating", "in_progress", "finalizing", "cancelling").contains(w.batchStatus());
        return String.format(Locale.ROOT, "Wrote %d results of batch %s (%s) to %s%s", w.results(), id, w.batchStatus(), where,
                running ? "; it is still running, so these are the jobs that have ended so far" : "");
    }
}
