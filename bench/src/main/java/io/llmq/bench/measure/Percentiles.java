package io.llmq.bench.measure;

import java.util.Arrays;

/** Nearest-rank percentiles: the value below which {@code p}% of the samples lie, always one of the samples. */
public final class Percentiles {

    private Percentiles() {
    }

    /** @return NaN for no samples */
    public static double of(double[] samples, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (samples.length == 0) {
            return Double.NaN;
        }
        var sorted = samples.clone();
        Arrays.sort(sorted);
        var rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
