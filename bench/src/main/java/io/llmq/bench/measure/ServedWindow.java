package io.llmq.bench.measure;

import io.llmq.simulator.limits.ServedLog;

import java.util.List;

/**
 * The provider's own second-by-second record summed over a window of whole seconds
 * {@code [fromSecond, toSecond)}. Seconds in the window the log has no entry for (nothing was
 * served or refused) count as zero: an idle provider is part of the result, not a gap in it.
 */
public record ServedWindow(long fromSecond, long toSecond, long calls, long tokens, long http429) {

    public ServedWindow {
        if (toSecond <= fromSecond) {
            throw new IllegalArgumentException("window must hold at least one second, got [" + fromSecond + ", " + toSecond + ")");
        }
    }

    public static ServedWindow of(List<ServedLog.Second> seconds, long fromSecond, long toSecond) {
        long calls = 0;
        long tokens = 0;
        long refused = 0;
        for (var s : seconds) {
            if (s.epochSecond() >= fromSecond && s.epochSecond() < toSecond) {
                calls += s.calls();
                tokens += s.tokens();
                refused += s.rateLimited();
            }
        }
        return new ServedWindow(fromSecond, toSecond, calls, tokens, refused);
    }

    public long seconds() {
        return toSecond - fromSecond;
    }

    public double callsPerMinute() {
        return calls * 60.0 / seconds();
    }

    public double tokensPerMinute() {
        return tokens * 60.0 / seconds();
    }
}
