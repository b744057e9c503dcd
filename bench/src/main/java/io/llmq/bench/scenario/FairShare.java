package io.llmq.bench.scenario;

/**
 * What tenant B would get from a fair scheduler while both tenants have work: half of what the
 * whole system finished in that time. Measured, not assumed: the system's rate is jobs of either
 * tenant announced on {@code llmq.results} over the window in which both had jobs outstanding.
 *
 * @param windowSeconds from B's first post until the first of the two tenants had nothing left
 * @param bigDone       tenant A's jobs finished in the window
 * @param smallDone     tenant B's jobs finished in the window
 */
record FairShare(double windowSeconds, long bigDone, long smallDone) {

    FairShare {
        if (!(windowSeconds > 0)) {
            throw new IllegalArgumentException("the window in which both tenants had work must be positive, got " + windowSeconds);
        }
    }

    double systemJobsPerSecond() {
        return (bigDone + smallDone) / windowSeconds;
    }

    /** How long {@code jobs} of B's take at half the system's rate; infinite if nothing finished at all. */
    double fairSeconds(int jobs) {
        var half = systemJobsPerSecond() / 2;
        return half == 0 ? Double.POSITIVE_INFINITY : jobs / half;
    }

    /** B's share of the jobs finished while both had work: 0.5 is fair, 0 is FIFO behind A. */
    double smallShare() {
        var all = bigDone + smallDone;
        return all == 0 ? 0 : (double) smallDone / all;
    }
}
