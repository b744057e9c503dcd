package io.llmq.bench.soak;

import java.util.List;

/**
 * Whether one figure stayed flat over a soak: the mean of the last quarter of its samples may be
 * at most {@code ratio} times the mean of the first quarter plus {@code slack}. A quarter is at
 * least one sample, so a short run compares its first and last samples. The slack keeps small
 * counts honest: 40 threads becoming 42 is not growth, 40 becoming 80 is.
 *
 * @param ratio growth allowed in proportion (1.25: a quarter more)
 * @param slack growth allowed on top, in the figure's unit (MB, threads, files, connections)
 */
record Flatness(double ratio, double slack) {

    Flatness {
        if (ratio < 1 || slack < 0) {
            throw new IllegalArgumentException("a flatness rule needs ratio >= 1 and slack >= 0, got " + ratio + ", " + slack);
        }
    }

    /** One figure's judgement; {@code samples} 0 when there was nothing to judge (then it is not flat). */
    record Verdict(int samples, double firstQuarterMean, double lastQuarterMean, double limit, boolean flat) {
        /** Last-quarter mean over first-quarter mean; 1 when both are 0. */
        double ratio() {
            if (firstQuarterMean == 0) {
                return lastQuarterMean == 0 ? 1 : Double.POSITIVE_INFINITY;
            }
            return lastQuarterMean / firstQuarterMean;
        }
    }

    /** @param values the figure's samples in time order; negative values (not read) are left out */
    Verdict judge(List<Double> values) {
        var read = values.stream().filter(v -> v >= 0).toList();
        if (read.isEmpty()) {
            return new Verdict(0, 0, 0, 0, false);
        }
        var quarter = Math.max(1, read.size() / 4);
        var first = mean(read.subList(0, quarter));
        var last = mean(read.subList(read.size() - quarter, read.size()));
        var limit = first * ratio + slack;
        return new Verdict(read.size(), first, last, limit, last <= limit);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
