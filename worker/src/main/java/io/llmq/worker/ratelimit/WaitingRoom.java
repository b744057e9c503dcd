package io.llmq.worker.ratelimit;

import io.llmq.worker.schedule.ClassShares;

import io.llmq.schema.Priority;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who goes next at one deployment. The most urgent class first, except that a lower class that
 * has been passed over accumulates credit at its minimum share and goes when its credit reaches
 * one grant. Within a class, batches take turns (round robin), so a small batch is not queued
 * behind the whole of a large one. Not thread-safe: {@link Lane} holds the lock.
 */
final class WaitingRoom {
    private final ClassShares shares;
    private final Map<Priority, LinkedHashMap<String, ArrayDeque<Waiter>>> byClass = new EnumMap<>(Priority.class);
    private final Map<Priority, Double> credit = new EnumMap<>(Priority.class);
    private int size;

    WaitingRoom(ClassShares shares) {
        this.shares = shares;
        for (var p : Priority.values()) {
            byClass.put(p, new LinkedHashMap<>());
            credit.put(p, 0.0);
        }
    }

    void add(Waiter w) {
        byClass.get(w.priority()).computeIfAbsent(w.fairnessKey(), k -> new ArrayDeque<>()).addLast(w);
        size++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The waiter that should go next, without removing it. */
    Waiter peek() {
        var top = topClass();
        if (top == null) {
            return null;
        }
        var cls = top;
        for (var p : new Priority[] {Priority.LOW, Priority.NORMAL}) {
            if (p.ordinal() > top.ordinal() && !byClass.get(p).isEmpty() && credit.get(p) >= 1) {
                cls = p;
                break;
            }
        }
        return byClass.get(cls).values().iterator().next().peekFirst();
    }

    /**
     * Removes a granted waiter, moves its batch to the back of its class, and keeps the books of
     * the minimum shares: a lower class served ahead of waiting urgent work spends one credit; an
     * urgent grant earns every waiting lower class its share.
     */
    void granted(Waiter w) {
        var top = topClass();
        if (top != null && w.priority().ordinal() > top.ordinal()) {
            credit.put(w.priority(), Math.max(0, credit.get(w.priority()) - 1));
        } else {
            for (var p : Priority.values()) {
                if (p.ordinal() > w.priority().ordinal() && !byClass.get(p).isEmpty()) {
                    var share = shares.minShare(p);
                    credit.put(p, credit.get(p) + share / (1 - share));
                }
            }
        }
        var batches = byClass.get(w.priority());
        var queue = batches.remove(w.fairnessKey());
        if (queue != null) {
            if (queue.remove(w)) {
                size--;
            }
            if (!queue.isEmpty()) {
                batches.put(w.fairnessKey(), queue);
            }
        }
    }

    void remove(Waiter w) {
        var batches = byClass.get(w.priority());
        var queue = batches.get(w.fairnessKey());
        if (queue != null && queue.remove(w)) {
            size--;
            if (queue.isEmpty()) {
                batches.remove(w.fairnessKey());
            }
        }
    }

    private Priority topClass() {
        for (var p : Priority.values()) {
            if (!byClass.get(p).isEmpty()) {
                return p;
            }
        }
        return null;
    }
}
