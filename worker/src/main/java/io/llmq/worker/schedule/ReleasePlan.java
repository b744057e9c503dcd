package io.llmq.worker.schedule;

import io.llmq.schema.Priority;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who gets released next: the dispatcher's one decision, pure so that it is tested without Kafka.
 *
 * <p>The work in flight (released, not ended, not parked) is held within a <em>window</em> sized
 * from what the workers want in flight. {@code high} has a window of its own, so urgent work is
 * released at once behind any backlog; {@code normal} and {@code low} share one, {@code low} keeping
 * at least its minimum share while it has work. Within a class the window is divided max-min fairly
 * among the tenants with work, and each tenant's part among its batches: a lone batch gets all of
 * it, two tenants half each, whatever their batches' sizes. A claimant below its share is topped up
 * at once even if others still hold more than theirs (they give it back as their jobs end), so a
 * newcomer's share starts at the next tick, not when the backlog ahead of it drains; the window can
 * therefore be overshot, by at most its own size.
 */
public final class ReleasePlan {

    private ReleasePlan() {
    }

    /** @return jobs to release now, by batch id, in the order the batches were given; batches getting none are left out */
    public static Map<String, Integer> of(List<QueuedBatch> batches, long window, double lowMinShare) {
        Map<Priority, List<QueuedBatch>> byClass = new HashMap<>();
        for (var b : batches) {
            if (b.releasable()) {
                byClass.computeIfAbsent(b.priority(), p -> new ArrayList<>()).add(b);
            }
        }
        // outstanding work of batches with nothing left to release (or held) still fills the window
        Map<Priority, Long> held = new HashMap<>();
        for (var b : batches) {
            if (!b.releasable()) {
                held.merge(b.priority(), (long) Math.max(0, b.outstanding()), Long::sum);
            }
        }
        Map<String, Integer> releases = new LinkedHashMap<>();
        allocate(byClass.getOrDefault(Priority.HIGH, List.of()), window - held.getOrDefault(Priority.HIGH, 0L), releases);
        var normal = byClass.getOrDefault(Priority.NORMAL, List.of());
        var low = byClass.getOrDefault(Priority.LOW, List.of());
        var shared = window - held.getOrDefault(Priority.NORMAL, 0L) - held.getOrDefault(Priority.LOW, 0L);
        var lowDemand = low.stream().mapToLong(QueuedBatch::demand).sum();
        var normalDemand = normal.stream().mapToLong(QueuedBatch::demand).sum();
        long lowWindow;
        if (lowDemand == 0) {
            lowWindow = 0;
        } else if (normalDemand == 0) {
            lowWindow = shared;
        } else {
            lowWindow = Math.min(lowDemand, Math.max((long) Math.ceil(shared * lowMinShare), shared - normalDemand));
        }
        allocate(normal, shared - lowWindow, releases);
        allocate(low, lowWindow, releases);
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (var b : batches) {
            var n = releases.get(b.batchId());
            if (n != null && n > 0) {
                ordered.put(b.batchId(), n);
            }
        }
        return ordered;
    }

    /** Divides one class's window: tenants first, then each tenant's batches. */
    private static void allocate(List<QueuedBatch> batches, long window, Map<String, Integer> releases) {
        if (batches.isEmpty() || window <= 0) {
            return;
        }
        Map<String, List<QueuedBatch>> byTenant = new LinkedHashMap<>();
        Map<String, Long> tenantDemand = new LinkedHashMap<>();
        for (var b : batches) {
            byTenant.computeIfAbsent(b.tenantId(), t -> new ArrayList<>()).add(b);
            tenantDemand.merge(b.tenantId(), b.demand(), Long::sum);
        }
        var tenantShares = FairShare.divide(window, tenantDemand);
        byTenant.forEach((tenant, own) -> {
            Map<String, Long> batchDemand = new LinkedHashMap<>();
            own.forEach(b -> batchDemand.put(b.batchId(), b.demand()));
            var batchShares = FairShare.divide(tenantShares.get(tenant), batchDemand);
            for (var b : own) {
                var release = batchShares.get(b.batchId()) - Math.max(0, b.outstanding());
                if (release > 0) {
                    releases.put(b.batchId(), (int) Math.min(release, b.pending()));
                }
            }
        });
    }
}
