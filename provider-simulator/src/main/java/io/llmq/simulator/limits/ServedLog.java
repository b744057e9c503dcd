package io.llmq.simulator.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the simulator served, second by second: calls, tokens (prompt + completion) and 429s. The
 * benchmark reads it to find the busiest 60-second window from the provider's side, which is the
 * only honest place to measure whether a client kept a limit.
 */
public final class ServedLog {
    /** One second of traffic. */
    public record Second(long epochSecond, long calls, long tokens, long rateLimited) {
    }

    private final LongSupplier epochMillis;
    private final List<long[]> seconds = new ArrayList<>();
    private long firstSecond = -1;

    public ServedLog(LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
    }

    public synchronized void served(long tokens) {
        var slot = slot();
        slot[0]++;
        slot[1] += tokens;
    }

    public synchronized void rateLimited() {
        slot()[2]++;
    }

    public synchronized List<Second> seconds() {
        List<Second> out = new ArrayList<>(seconds.size());
        for (int i = 0; i < seconds.size(); i++) {
            var s = seconds.get(i);
            out.add(new Second(firstSecond + i, s[0], s[1], s[2]));
        }
        return out;
    }

    /** The most calls [0] and tokens [1] served in any 60 consecutive seconds. */
    public synchronized long[] busiestMinute() {
        long bestCalls = 0;
        long bestTokens = 0;
        long calls = 0;
        long tokens = 0;
        for (int i = 0; i < seconds.size(); i++) {
            calls += seconds.get(i)[0];
            tokens += seconds.get(i)[1];
            if (i >= 60) {
                calls -= seconds.get(i - 60)[0];
                tokens -= seconds.get(i - 60)[1];
            }
            bestCalls = Math.max(bestCalls, calls);
            bestTokens = Math.max(bestTokens, tokens);
        }
        return new long[] {bestCalls, bestTokens};
    }

    public synchronized void clear() {
        seconds.clear();
        firstSecond = -1;
    }

    private long[] slot() {
        var now = epochMillis.getAsLong() / 1000;
        if (firstSecond < 0) {
            firstSecond = now;
        }
        var index = (int) (now - firstSecond);
        while (seconds.size() <= index) {
            seconds.add(new long[3]);
        }
        return seconds.get(Math.max(0, index));
    }
}
