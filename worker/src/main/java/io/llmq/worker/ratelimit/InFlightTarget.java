package io.llmq.worker.ratelimit;

import io.llmq.schema.catalogue.DeploymentLimits;

import java.util.concurrent.TimeUnit;

/**
 * How many calls the whole fleet should have in flight at one deployment now, by Little's law:
 * calls in flight = rate × latency. The rate is the binding limit: requests per second from
 * {@code rpm}, or tokens per second from {@code tpm} divided by the tokens a call uses (moving
 * average), whichever is lower. The latency is a moving average of observed calls times
 * {@code headroom}, so that the slow tail does not leave the limit unused. Fewer in flight than
 * that cannot fill the limit; more only wait for permits holding records and memory.
 *
 * <p>The result is bounded above by the deployment's {@code max_concurrent} (without one, by
 * {@link #RATE_LIMITED_CEILING} when it has rate limits, else by
 * {@link InFlightSettings#unlimitedCeiling()} per worker) and below by the floor, and it backs
 * off on pushback: a 429 or a timeout multiplies an AIMD window by {@value #BACKOFF}, at most
 * once per latency period (one burst of 429s is one signal, not fifty), and every success grows
 * it by one call, so it is back at Little's law within a few round trips. For an unlimited deployment the window alone decides.
 *
 * <p>Not thread-safe on its own: {@link InFlightTargets} serialises access per deployment.
 */
final class InFlightTarget {
    static final double BACKOFF = 0.7;
    /**
     * The most calls in flight for a deployment with a rate limit but no {@code max_concurrent}:
     * Little's law sizes it (30,000 RPM at 30 s is 15,000), memory is bounded by the workers'
     * byte budget, not by this.
     */
    static final int RATE_LIMITED_CEILING = 20_000;
    /** Weight of a new observation in the moving averages (about the last ten calls). */
    private static final double ALPHA = 0.1;
    /** Assumed for a deployment not called yet, and as the back-off period until a latency is known. */
    private static final long DEFAULT_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DeploymentLimits limits;
    private final InFlightSettings settings;
    private final Ticker ticker;
    private final int upper;
    private final int lower;
    private double latencyNanos = -1;
    private double tokensPerCall = -1;
    private double window;
    private long lastBackoffNanos;
    private boolean backedOff;

    DeploymentLimits limits() {
        return limits;
    }

    InFlightTarget(DeploymentLimits limits, InFlightSettings settings, Ticker ticker) {
        this.limits = limits;
        this.settings = settings;
        this.ticker = ticker;
        this.upper = limits.maxConcurrent() > 0 ? limits.maxConcurrent()
                : rateLimited(limits) ? RATE_LIMITED_CEILING : settings.unlimitedCeiling();
        this.lower = Math.min(settings.floor(), upper);
        this.window = upper;
    }

    /** A call answered: its latency and, if it succeeded, the tokens it used. */
    void succeeded(long latencyNanos, int tokensUsed) {
        observeLatency(latencyNanos);
        if (tokensUsed > 0) {
            tokensPerCall = tokensPerCall < 0 ? tokensUsed : tokensPerCall + ALPHA * (tokensUsed - tokensPerCall);
        }
        // one more per success: back to Little's law within a round trip or two after a back-off
        // (one per window of calls took thousands of calls, while a lone burst of 429s had passed)
        window = Math.min(upper, window + 1);
    }

    /** The deployment pushed back (429) or did not answer in time: fewer calls in flight, once per latency period. */
    void pushedBack(long latencyNanos, boolean timedOut) {
        if (!timedOut) {
            // a 429 comes back at once and says nothing of how long calls take; a timeout is a lower bound
            observeLatency(-1);
        } else {
            observeLatency(latencyNanos);
        }
        var now = ticker.nanos();
        if (backedOff && now - lastBackoffNanos < period()) {
            return;
        }
        backedOff = true;
        lastBackoffNanos = now;
        // At a rate-limited deployment the limiter keeps the rate; fewer calls than rate × latency
        // would only leave the limit unused, so the back-off takes the headroom, never more.
        var floor = rateLimited(limits) ? rawTarget() / settings.headroom() : lower;
        window = Math.max(Math.max(lower, floor), Math.min(window, rawTarget()) * BACKOFF);
    }

    /** Any other answer: only its latency counts. */
    void answered(long latencyNanos) {
        observeLatency(latencyNanos);
    }

    /** Whether any call has been answered yet. */
    boolean called() {
        return latencyNanos >= 0;
    }

    /** Calls in flight the fleet should hold now, in [floor, upper]. */
    int fleetTarget() {
        return clamp(Math.min(window, rawTarget()));
    }

    /** What a worker counts this deployment as before it has been called: its maximum, or the default. */
    int uncalledTarget() {
        return limits.maxConcurrent() > 0 ? upper : clamp(Math.min(settings.uncalled(), rawTarget()));
    }

    int upper() {
        return upper;
    }

    /** A deployment with neither rate limits nor {@code max_concurrent}: its ceiling is per worker, nothing shared divides it. */
    boolean perWorker() {
        return !rateLimited(limits) && limits.maxConcurrent() <= 0;
    }

    private static boolean rateLimited(DeploymentLimits limits) {
        return limits.rpm() > 0 || limits.tpm() > 0;
    }

    /** Little's law at the binding limit, unbounded; the ceiling for a deployment without rate limits. */
    private double rawTarget() {
        var perSecond = bindingRatePerSecond();
        if (perSecond <= 0) {
            return upper;
        }
        var latency = (latencyNanos < 0 ? DEFAULT_LATENCY_NANOS : latencyNanos) / 1e9;
        return Math.ceil(perSecond * latency * settings.headroom());
    }

    /** Requests per second the limits allow: the lower of rpm and tpm / tokens per call. */
    private double bindingRatePerSecond() {
        var rate = Double.POSITIVE_INFINITY;
        if (limits.rpm() > 0) {
            rate = limits.rpm() / 60.0;
        }
        if (limits.tpm() > 0 && tokensPerCall > 0) {
            rate = Math.min(rate, limits.tpm() / 60.0 / tokensPerCall);
        }
        return Double.isInfinite(rate) ? 0 : rate;
    }

    private long period() {
        return latencyNanos < 0 ? DEFAULT_LATENCY_NANOS : (long) latencyNanos;
    }

    private void observeLatency(long nanos) {
        if (nanos < 0) {
            return;
        }
        latencyNanos = latencyNanos < 0 ? nanos : latencyNanos + ALPHA * (nanos - latencyNanos);
    }

    private int clamp(double v) {
        return (int) Math.max(lower, Math.min(upper, Math.ceil(v)));
    }
}
