package io.llmq.standalone.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * A batch's progress as one line: a bar, done / failed / in flight, jobs/s, tokens and cost. On a
 * terminal the line redraws itself; anywhere else (CI, a pipe) it prints a plain line at most once
 * a second, so logs stay readable.
 */
final class ProgressLine {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private long lastPlainLine;

    ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(JsonNode batch, int inFlight, double elapsedSeconds, boolean last) {
        var counts = batch.path("request_counts");
        var total = counts.path("total").asInt();
        var done = counts.path("completed").asInt();
        var failed = counts.path("failed").asInt();
        var usage = batch.path("usage");
        var tokens = usage.path("input_tokens").asLong() + usage.path("output_tokens").asLong();
        var cost = new BigDecimal(batch.path("llmq").path("cost_usd").asText("0"));
        var rate = elapsedSeconds > 0 ? (done + failed) / elapsedSeconds : 0;
        var filled = total == 0 ? 0 : (int) ((long) WIDTH * (done + failed) / total);
        var text = String.format(Locale.ROOT, "[%s%s] %d/%d done · %d failed · %d in flight · %.0f jobs/s · %,d tokens · $%s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, failed, inFlight, rate, tokens,
                cost.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
        if (terminal) {
            out.print("\r" + text + (last ? "\n" : ""));
            out.flush();
        } else {
            var now = System.nanoTime();
            if (last || now - lastPlainLine >= 1_000_000_000L) {
                out.println(text);
                lastPlainLine = now;
            }
        }
    }
}
