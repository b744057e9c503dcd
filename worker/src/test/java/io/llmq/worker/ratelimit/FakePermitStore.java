package io.llmq.worker.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared buckets as a counter of permits the test hands out; records what was settled and given back. */
final class FakePermitStore extends PermitStore {
    final AtomicInteger available = new AtomicInteger();
    final AtomicInteger settled = new AtomicInteger();
    final AtomicInteger givenBack = new AtomicInteger();
    final List<Boolean> urgentTakes = new CopyOnWriteArrayList<>();
    final Map<String, Long> cooldowns = new ConcurrentHashMap<>();
    final Map<UUID, Boolean> openLeases = new ConcurrentHashMap<>();
    volatile boolean failing;

    @Override
    long take(String deployment, int tokens, double reserve, UUID lease, Duration leaseFor, boolean urgent, double minShare) {
        urgentTakes.add(urgent);
        if (available.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            openLeases.put(lease, true);
            return 0;
        }
        return 5;
    }

    @Override
    void settle(String deployment, int unusedTokens, UUID lease) {
        settled.incrementAndGet();
        openLeases.remove(lease);
    }

    @Override
    void giveBack(String deployment, int reservedTokens, UUID lease) {
        givenBack.incrementAndGet();
        openLeases.remove(lease);
    }

    @Override
    void pause(String deployment, Duration wait, String reason) {
    }

    @Override
    Map<String, Long> cooldowns() throws java.sql.SQLException {
        if (failing) {
            throw new java.sql.SQLException("database down");
        }
        return Map.copyOf(cooldowns);
    }
}
