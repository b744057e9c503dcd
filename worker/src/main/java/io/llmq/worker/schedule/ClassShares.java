package io.llmq.worker.schedule;

import io.llmq.schema.Priority;
import io.llmq.schema.Settings;

/**
 * How the classes share a limited deployment. {@code reserve}: the fraction of each bucket a class
 * must leave untouched (so low priority never takes the last permits that a high job arriving a
 * moment later would need). {@code minShare}: the share of grants a waiting class is guaranteed
 * even while more urgent work keeps waiting, so nothing starves.
 */
public record ClassShares(double normalReserve, double lowReserve, double normalMinShare, double lowMinShare) {

    public ClassShares {
        for (var v : new double[] {normalReserve, lowReserve, normalMinShare, lowMinShare}) {
            if (v < 0 || v >= 1) {
                throw new IllegalArgumentException("reserves and minimum shares must be in [0, 1), got " + v);
            }
        }
    }

    public static ClassShares defaults() {
        return new ClassShares(0.10, 0.25, 0.10, 0.05);
    }

    /** {@code LLMQ_RESERVE_NORMAL}, {@code LLMQ_RESERVE_LOW}, {@code LLMQ_MIN_SHARE_NORMAL}, {@code LLMQ_MIN_SHARE_LOW}. */
    public static ClassShares fromEnv(java.util.Map<String, String> env) {
        var d = defaults();
        return new ClassShares(Settings.fraction(env, "LLMQ_RESERVE_NORMAL", d.normalReserve), Settings.fraction(env, "LLMQ_RESERVE_LOW", d.lowReserve),
                Settings.fraction(env, "LLMQ_MIN_SHARE_NORMAL", d.normalMinShare), Settings.fraction(env, "LLMQ_MIN_SHARE_LOW", d.lowMinShare));
    }

    public double reserve(Priority p) {
        return switch (p) {
            case HIGH -> 0;
            case NORMAL -> normalReserve;
            case LOW -> lowReserve;
        };
    }

    public double minShare(Priority p) {
        return switch (p) {
            case HIGH -> 0;
            case NORMAL -> normalMinShare;
            case LOW -> lowMinShare;
        };
    }
}
