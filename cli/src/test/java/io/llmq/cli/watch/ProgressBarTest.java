package io.llmq.cli.watch;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {
    private static final ProgressBar.Reading HALF = new ProgressBar.Reading(1000, 498, 2, 500, 91.4, Duration.ofSeconds(6),
            20_141, new BigDecimal("0.00694"));

    @Test
    void shouldPrintPlainLinesAtMostOncePerIntervalWithoutATerminalButAlwaysTheLast() {
        var bytes = new ByteArrayOutputStream();
        var bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, Duration.ofHours(1));
        bar.show(HALF, false);
        bar.show(HALF, false);
        bar.show(HALF, true);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "[###############---------------] 498/1000 done · 2 failed · 500 in flight · 91 jobs/s · ETA 6 s · 20,141 tokens · $0.0069",
                "[###############---------------] 498/1000 done · 2 failed · 500 in flight · 91 jobs/s · ETA 6 s · 20,141 tokens · $0.0069");
    }

    @Test
    void shouldRedrawInPlaceOnATerminal() {
        var bytes = new ByteArrayOutputStream();
        var bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, Duration.ofHours(1));
        bar.show(HALF, false);
        bar.show(HALF, true);

        var text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r[###").endsWith("\n");
        assertThat(text.chars().filter(c -> c == '\r').count()).isEqualTo(2);
    }

    @Test
    void shouldFormatLongEtasInMinutesAndHours() {
        assertThat(ProgressBar.format(Duration.ofSeconds(59))).isEqualTo("59 s");
        assertThat(ProgressBar.format(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
        assertThat(ProgressBar.format(Duration.ofMinutes(130))).isEqualTo("2 h 10 min");
    }
}
