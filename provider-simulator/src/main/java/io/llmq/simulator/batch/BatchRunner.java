package io.llmq.simulator.batch;

import io.llmq.simulator.Fault;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.CompletionEngine;
import io.llmq.simulator.engine.Prompt;
import io.llmq.simulator.faults.FaultBook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs every open provider batch of the three wire formats on one named thread, ticking every 20 ms:
 * each tick moves each batch on by the clock and answers its lines now due. A line is answered as the
 * same request sent alone would be (the engine's text, usage and prompt triggers; an injected fault
 * for its model), without the latency or the per-minute limits, which a provider applies to live
 * traffic only, and billed as batch-served. Lines are answered in the background, polled or not, so
 * the bill after a run is whole.
 */
public final class BatchRunner implements AutoCloseable {
    /** A line whose prompt holds this fails inside the batch with a 500, as a line of a real batch sometimes does. */
    public static final String FAIL_MARKER = "llmq-sim:batch-fail";
    private static final Duration TICK = Duration.ofMillis(20);
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final CompletionEngine engine;
    private final BillBook bills;
    private final FaultBook faults;
    private final Clock clock;
    private final BatchSettings settings;
    private final Set<SimulatedBatch> open = ConcurrentHashMap.newKeySet();
    private volatile BatchHook hook = BatchHook.NONE;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("llmq-sim-batches").daemon().factory());

    public BatchRunner(CompletionEngine engine, BillBook bills, FaultBook faults, Clock clock, BatchSettings settings) {
        this.engine = engine;
        this.bills = bills;
        this.faults = faults;
        this.clock = clock;
        this.settings = settings;
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a batch of {@code lines}.
     *
     * @param providerWindow the provider's own window, used unless {@link BatchSettings#expiry()} is set
     * @param invalid        the input did not validate: the batch fails after validating
     */
    public SimulatedBatch open(String id, List<BatchLine> lines, Duration providerWindow, boolean invalid) {
        var batch = new SimulatedBatch(id, lines, clock.instant(), settings.expiryOr(providerWindow), invalid);
        open.add(batch);
        return batch;
    }

    /** Where the wire formats report their batch API calls to a crash test ({@link BatchHook#NONE} unless one was set). */
    public BatchHook hook() {
        return hook;
    }

    public void hook(BatchHook newHook) {
        hook = newHook == null ? BatchHook.NONE : newHook;
    }

    /** Ends every open batch (but those being cancelled) expired now: how a test reaches the end of a 24-hour window. */
    public int expireAll() {
        var now = clock.instant();
        var expired = 0;
        for (var batch : open) {
            if (batch.expire(now)) {
                expired++;
            }
        }
        return expired;
    }

    /** The simulator's clock, which stamps cancels and expiries. */
    public Instant now() {
        return clock.instant();
    }

    private void tick() {
        var now = clock.instant();
        for (var batch : open) {
            try {
                batch.advance(now, settings.delay(), line -> answer(batch.id(), line));
            } catch (RuntimeException e) {
                // one bad batch must not stop the others; it stays open and is tried again next tick
                LOG.warn("batch {} failed to advance", batch.id(), e);
            }
            if (batch.phase().ended()) {
                open.remove(batch);
            }
        }
    }

    private LineResult answer(String batchId, BatchLine line) {
        if (line.refused() != null) {
            bills.rejected();
            return line.refused();
        }
        var fault = faults.draw(line.prompt().model());
        if (fault.isPresent()) {
            var status = fault.get().type() == Fault.Type.STATUS ? fault.get().status() : 500;
            if (status < 500) {
                bills.rejected();
            } else {
                bills.failed();
            }
            return new LineResult.Failed(status, fault.get().code(), "Injected fault: HTTP " + status + " from the llmq provider simulator.");
        }
        if (marked(line.prompt()) || ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            bills.failed();
            return new LineResult.Failed(500, null, "The server had an error processing your request. Sorry about that!");
        }
        var completion = engine.completeInBatch(line.prompt(), line.format(), line.customId(), batchId);
        return new LineResult.Answered(line.answer().apply(completion), completion);
    }

    private static boolean marked(Prompt prompt) {
        return prompt.messages().stream().flatMap(m -> m.parts().stream()).anyMatch(p -> p.contains(FAIL_MARKER));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
