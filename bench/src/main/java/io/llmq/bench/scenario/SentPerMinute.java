package io.llmq.bench.scenario;

import io.llmq.simulator.limits.ServedLog;

import java.util.List;

/**
 * The most requests llmq sent in any 60 consecutive seconds, served or refused. The simulator
 * serves at most its limit whatever llmq does, so the served count alone cannot show llmq
 * overstepping; requests sent, 429s included, can.
 */
public final class SentPerMinute {

    private SentPerMinute() {
    }

    public static long busiest(List<ServedLog.Second> seconds) {
        long best = 0;
        long sum = 0;
        for (int i = 0; i < seconds.size(); i++) {
            sum += seconds.get(i).calls() + seconds.get(i).rateLimited();
            if (i >= 60) {
                sum -= seconds.get(i - 60).calls() + seconds.get(i - 60).rateLimited();
            }
            best = Math.max(best, sum);
        }
        return best;
    }
}
