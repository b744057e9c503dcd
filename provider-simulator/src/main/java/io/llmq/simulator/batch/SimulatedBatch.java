package io.llmq.simulator.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Function;

/**
 * One provider batch the simulator holds: its lines, their results so far, and its phase. Advanced
 * only by {@link BatchRunner} (and cancel / expire), so what a client reads is always what happened:
 * a batch reads completed only once every line has its result. Thread-safe: every method holds the lock.
 */
public final class SimulatedBatch {

    /** Request counts: {@code processing} have no result yet. */
    public record Counts(int total, int succeeded, int errored, int expired, int cancelled, long promptTokens,
                         long completionTokens) {
        public int processing() {
            return total - succeeded - errored - expired - cancelled;
        }
    }

    /** A line with its result, null while it has none. */
    public record Entry(BatchLine line, LineResult result) {
    }

    private final String id;
    private final List<BatchLine> lines;
    private final Instant createdAt;
    private final Duration window;
    private final boolean invalid;
    private final LineResult[] results;
    private final EnumMap<Phase, Instant> reached = new EnumMap<>(Phase.class);
    private int answered;
    private Phase phase = Phase.VALIDATING;

    /** @param invalid the input did not validate: the batch ends {@link Phase#FAILED} after validating */
    SimulatedBatch(String id, List<BatchLine> lines, Instant createdAt, Duration window, boolean invalid) {
        this.id = id;
        this.lines = List.copyOf(lines);
        this.createdAt = createdAt;
        this.window = window;
        this.invalid = invalid;
        this.results = new LineResult[lines.size()];
        reached.put(Phase.VALIDATING, createdAt);
    }

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return createdAt.plus(window);
    }

    public synchronized Phase phase() {
        return phase;
    }

    /** When the batch entered {@code p}, or null if it has not. */
    public synchronized Instant reachedAt(Phase p) {
        return reached.get(p);
    }

    public synchronized Counts counts() {
        int succeeded = 0, errored = 0, expired = 0, cancelled = 0;
        long prompt = 0, completion = 0;
        for (var r : results) {
            switch (r) {
                case null -> {
                }
                case LineResult.Answered a -> {
                    succeeded++;
                    prompt += a.completion().promptTokens();
                    completion += a.completion().completionTokens();
                }
                case LineResult.Failed f -> errored++;
                case LineResult.Unanswered u -> {
                    if (u.reason() == LineResult.Reason.EXPIRED) {
                        expired++;
                    } else {
                        cancelled++;
                    }
                }
            }
        }
        return new Counts(invalid ? 0 : lines.size(), succeeded, errored, expired, cancelled, prompt, completion);
    }

    /** Every line with its result so far, in input order. */
    public synchronized List<Entry> entries() {
        var out = new ArrayList<Entry>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            out.add(new Entry(lines.get(i), results[i]));
        }
        return out;
    }

    /** Asks to cancel; false if the batch has ended or is cancelling already. */
    public synchronized boolean cancel(Instant now) {
        if (phase.ended() || phase == Phase.CANCELLING) {
            return false;
        }
        reach(Phase.CANCELLING, now);
        return true;
    }

    /**
     * Ends the batch expired now, whatever its window ({@code POST /sim/batches/expire}); false if it has
     * ended or is being cancelled already (a cancel in progress ends cancelled).
     */
    synchronized boolean expire(Instant now) {
        if (phase.ended() || phase == Phase.CANCELLING) {
            return false;
        }
        end(Phase.EXPIRED, LineResult.Reason.EXPIRED, now);
        return true;
    }

    /**
     * Moves the batch on to where {@code delay} says it is by {@code now}, answering the lines now due.
     * A cancel settles after a tenth of the delay, as providers take a while to stop.
     */
    synchronized void advance(Instant now, Duration delay, Function<BatchLine, LineResult> answer) {
        if (phase.ended()) {
            return;
        }
        var elapsed = Duration.between(createdAt, now);
        var tenth = delay.dividedBy(10);
        if (phase == Phase.CANCELLING) {
            if (!Duration.between(reached.get(Phase.CANCELLING), now).minus(tenth).isNegative()) {
                end(Phase.CANCELLED, LineResult.Reason.CANCELLED, now);
            }
            return;
        }
        if (!elapsed.minus(window).isNegative()) {
            end(Phase.EXPIRED, LineResult.Reason.EXPIRED, now);
            return;
        }
        if (elapsed.minus(tenth).isNegative()) {
            return;
        }
        if (invalid) {
            reach(Phase.FAILED, now);
            return;
        }
        reach(Phase.IN_PROGRESS, now);
        var running = tenth.multipliedBy(8);
        var due = running.isZero() ? lines.size()
                : (int) Math.min(lines.size(), Math.ceil(lines.size() * (elapsed.minus(tenth).toNanos() / (double) running.toNanos())));
        while (answered < due) {
            results[answered] = answer.apply(lines.get(answered));
            answered++;
        }
        if (answered == lines.size() && !elapsed.minus(tenth.multipliedBy(9)).isNegative()) {
            reach(Phase.FINALIZING, now);
            if (!elapsed.minus(delay).isNegative()) {
                reach(Phase.COMPLETED, now);
            }
        }
    }

    private void end(Phase end, LineResult.Reason reason, Instant now) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new LineResult.Unanswered(reason);
            }
        }
        answered = results.length;
        reach(end, now);
    }

    private void reach(Phase next, Instant now) {
        reached.putIfAbsent(next, now);
        phase = next;
    }
}
