package io.llmq.cli.watch;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * A batch's progress as one line: a bar, done / failed / in flight, rate, ETA, tokens and cost so
 * far. On a terminal the line redraws itself in place; anywhere else (CI, a pipe, a log file) it
 * prints a plain line at most once per {@code plainEvery}, so logs stay readable.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    /**
     * @param succeeded jobs that ended well
     * @param failed    jobs that ended any other way (failed, cancelled, expired)
     * @param inFlight  jobs not yet ended (queued or running)
     * @param eta       null when unknown
     */
    public record Reading(int total, int succeeded, int failed, int inFlight, double ratePerSecond, Duration eta,
                          long tokens, BigDecimal cost) {
    }

    private final PrintStream out;
    private final boolean terminal;
    private final Duration plainEvery;
    private long lastPlainLine;
    private boolean printedAny;

    public ProgressBar(PrintStream out, boolean terminal, Duration plainEvery) {
        this.out = out;
        this.terminal = terminal;
        this.plainEvery = plainEvery;
    }

    /** @param last the final reading: always shown, and ends the line on a terminal */
    public void show(Reading r, boolean last) {
        var ended = r.succeeded() + r.failed();
        var filled = r.total() == 0 ? 0 : (int) ((long) WIDTH * ended / r.total());
        var text = String.format(Locale.ROOT, "[%s%s] %d/%d done · %d failed · %d in flight · %.0f jobs/s%s · %,d tokens · $%s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), r.succeeded(), r.total(), r.failed(), r.inFlight(),
                r.ratePerSecond(), r.eta() == null ? "" : " · ETA " + format(r.eta()), r.tokens(),
                r.cost().setScale(4, RoundingMode.HALF_UP).toPlainString());
        if (terminal) {
            // pad so a shorter line fully covers the longer one it redraws
            out.print("\r" + text + "\u001b[K" + (last ? "\n" : ""));
            out.flush();
            return;
        }
        var now = System.nanoTime();
        if (last || !printedAny || now - lastPlainLine >= plainEvery.toNanos()) {
            out.println(text);
            lastPlainLine = now;
            printedAny = true;
        }
    }

    static String format(Duration d) {
        var s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
