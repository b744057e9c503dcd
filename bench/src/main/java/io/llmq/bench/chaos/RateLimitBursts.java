package io.llmq.bench.chaos;

import io.llmq.simulator.Fault;
import io.llmq.simulator.ProviderSimulator;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every {@code every}, the provider answers its next {@code size} calls with 429 and a 1 s retry-after. */
public final class RateLimitBursts implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final int size;
    private volatile long bursts;

    private RateLimitBursts(ScheduledExecutorService timer, int size) {
        this.timer = timer;
        this.size = size;
    }

    public static RateLimitBursts start(ProviderSimulator simulator, int size, Duration every) {
        var timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("chaos-429-bursts").daemon().factory());
        var bursts = new RateLimitBursts(timer, size);
        if (size > 0) {
            timer.scheduleAtFixedRate(() -> {
                simulator.inject(Fault.status(429).retryAfter(Duration.ofSeconds(1)).times(size));
                bursts.bursts++;
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return bursts;
    }

    /** 429s scheduled so far (a burst can be cut short by the run's end). */
    public long injected() {
        return bursts * size;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
