package io.llmq.simulator.faults;

import io.llmq.simulator.Fault;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults in force, in the order they were injected. A request is hit by the first fault that
 * matches its model and fires (its fraction drawn, its count not used up). Thread-safe.
 */
public final class FaultBook {

    /** A fault with its own counters. */
    record Active(Fault fault, AtomicLong remaining, AtomicLong fired) {
        boolean matches(String model) {
            return fault.model() == null || fault.model().equals(model);
        }

        /** Takes one use of the fault; false if it is used up (a race for the last use has one winner). */
        boolean take() {
            if (fault.count() == 0) {
                fired.incrementAndGet();
                return true;
            }
            while (true) {
                var left = remaining.get();
                if (left <= 0) {
                    return false;
                }
                if (remaining.compareAndSet(left, left - 1)) {
                    fired.incrementAndGet();
                    return true;
                }
            }
        }
    }

    private final List<Active> active = new CopyOnWriteArrayList<>();

    public void add(Fault fault) {
        active.add(new Active(fault, new AtomicLong(fault.count()), new AtomicLong()));
    }

    public void clear() {
        active.clear();
    }

    List<Active> active() {
        return List.copyOf(active);
    }

    /** The fault that hits a request for {@code model}, if any. */
    public Optional<Fault> draw(String model) {
        for (var a : active) {
            if (!a.matches(model)) {
                continue;
            }
            if (a.fault().fraction() < 1 && ThreadLocalRandom.current().nextDouble() >= a.fault().fraction()) {
                continue;
            }
            if (a.take()) {
                return Optional.of(a.fault());
            }
        }
        return Optional.empty();
    }
}
