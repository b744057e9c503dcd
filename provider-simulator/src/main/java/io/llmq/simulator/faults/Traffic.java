package io.llmq.simulator.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests received by the provider endpoints, per model named in them, and how many of those a
 * fault hit: what a test reads to prove that no call (or only a probe) reached a model.
 */
public final class Traffic {
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> faulted = new ConcurrentHashMap<>();

    void received(String model) {
        received.computeIfAbsent(key(model), k -> new AtomicLong()).incrementAndGet();
    }

    void faulted(String model) {
        faulted.computeIfAbsent(key(model), k -> new AtomicLong()).incrementAndGet();
    }

    public long received(String model, boolean onlyFaulted) {
        var counter = (onlyFaulted ? faulted : received).get(key(model));
        return counter == null ? 0 : counter.get();
    }

    public Map<String, long[]> snapshot() {
        Map<String, long[]> out = new TreeMap<>();
        received.forEach((m, n) -> out.put(m, new long[] {n.get(), faulted.getOrDefault(m, new AtomicLong()).get()}));
        return out;
    }

    public void reset() {
        received.clear();
        faulted.clear();
    }

    private static String key(String model) {
        return model == null ? "" : model;
    }
}
