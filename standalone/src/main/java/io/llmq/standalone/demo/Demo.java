package io.llmq.standalone.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.watch.ProgressBar;
import io.llmq.simulator.Bill;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The demo: submits the bundled 1,000-request batch through the public API, watches it run, and
 * prints a summary. It succeeds only if every request succeeded.
 */
public final class Demo {
    private static final String SAMPLE = "/samples/demo-batch.jsonl";
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "expired", "cancelled");

    private final ApiClient api;
    private final PrintStream out;
    private final boolean terminal;
    private final IntSupplier inFlight;
    private final Supplier<Bill> providerBill;

    public Demo(ApiClient api, PrintStream out, boolean terminal, IntSupplier inFlight, Supplier<Bill> providerBill) {
        this.api = api;
        this.out = out;
        this.terminal = terminal;
        this.inFlight = inFlight;
        this.providerBill = providerBill;
    }

    /** Runs the demo; returns true when all requests succeeded. */
    public boolean run(Path resultsDir, Duration timeout) throws IOException, InterruptedException {
        byte[] sample;
        try (InputStream in = Demo.class.getResourceAsStream(SAMPLE)) {
            sample = in.readAllBytes();
        }
        var started = System.nanoTime();
        var file = api.uploadBatchFile("demo-batch.jsonl", sample);
        var batch = api.createBatch(file.path("id").asText(), "normal");
        var id = batch.path("id").asText();
        out.printf(Locale.ROOT, "Submitted batch %s (%d requests) from file %s%n", id,
                batch.path("request_counts").path("total").asInt(), file.path("id").asText());
        var progress = new ProgressBar(out, terminal, Duration.ofSeconds(1));
        var deadline = started + timeout.toNanos();
        while (!TERMINAL.contains(batch.path("status").asText())) {
            if (System.nanoTime() > deadline) {
                progress.show(reading(batch, inFlight.getAsInt(), seconds(started)), true);
                out.println("The batch did not finish within " + timeout + ".");
                return false;
            }
            progress.show(reading(batch, inFlight.getAsInt(), seconds(started)), false);
            TimeUnit.MILLISECONDS.sleep(200);
            batch = api.batch(id);
        }
        var wall = seconds(started);
        progress.show(reading(batch, 0, wall), true);
        Files.createDirectories(resultsDir);
        var output = resultsDir.resolve(id + "_output.jsonl");
        if (!batch.path("output_file_id").isNull()) {
            api.download(batch.path("output_file_id").asText(), output);
        }
        summary(batch, wall, output);
        var counts = batch.path("request_counts");
        return "completed".equals(batch.path("status").asText())
                && counts.path("completed").asInt() == counts.path("total").asInt();
    }

    private void summary(JsonNode batch, double wall, Path output) throws IOException {
        var counts = batch.path("request_counts");
        var usage = batch.path("usage");
        var total = counts.path("total").asInt();
        var lines = Files.exists(output) ? Files.lines(output).count() : 0;
        var bill = providerBill.get();
        out.println();
        out.println("Summary");
        out.printf(Locale.ROOT, "  batch          %s  (%s)%n", batch.path("id").asText(), batch.path("status").asText());
        out.printf(Locale.ROOT, "  requests       %d total, %d succeeded, %d failed%n", total, counts.path("completed").asInt(), counts.path("failed").asInt());
        out.printf(Locale.ROOT, "  tokens         %,d in (%,d cached), %,d out%n", usage.path("input_tokens").asLong(),
                usage.path("input_tokens_details").path("cached_tokens").asLong(), usage.path("output_tokens").asLong());
        out.printf(Locale.ROOT, "  cost           $%s%n", new BigDecimal(batch.path("llmq").path("cost_usd").asText("0")).toPlainString());
        out.printf(Locale.ROOT, "  provider bill  %d calls, %,d prompt + %,d completion tokens (simulator's own count)%n",
                bill.calls(), bill.promptTokens(), bill.completionTokens());
        out.printf(Locale.ROOT, "  wall time      %.2f s%n", wall);
        out.printf(Locale.ROOT, "  throughput     %.0f jobs/s%n", total / wall);
        out.printf(Locale.ROOT, "  results        %s (%d lines)%n", output.toAbsolutePath(), lines);
        out.printf(Locale.ROOT, "                 also at GET /v1/files/%s/content%n", batch.path("output_file_id").asText());
    }

    /** The bar's reading from a batch object; in flight is what the workers hold, the rate is the average so far. */
    private static ProgressBar.Reading reading(JsonNode batch, int inFlight, double elapsedSeconds) {
        var counts = batch.path("request_counts");
        var ended = counts.path("completed").asInt() + counts.path("failed").asInt();
        var usage = batch.path("usage");
        return new ProgressBar.Reading(counts.path("total").asInt(), counts.path("completed").asInt(),
                counts.path("failed").asInt(), inFlight, elapsedSeconds > 0 ? ended / elapsedSeconds : 0, null,
                usage.path("input_tokens").asLong() + usage.path("output_tokens").asLong(),
                new BigDecimal(batch.path("llmq").path("cost_usd").asText("0")));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
