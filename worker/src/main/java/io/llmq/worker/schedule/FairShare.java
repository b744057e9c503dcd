package io.llmq.worker.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Max-min fair division of a capacity among claimants (water-filling): every claimant gets the
 * same share, except that one who wants less gets what it wants and its unused share is divided
 * among the others. Pure arithmetic; the dispatcher applies it twice, to tenants within a class
 * and to batches within a tenant.
 */
final class FairShare {

    private FairShare() {
    }

    /**
     * @param capacity what there is to divide
     * @param demands  what each claimant wants (≥ 0), by key
     * @return each claimant's share; the shares add up to {@code min(capacity, Σ demands)}, give or take rounding down
     */
    static <K> Map<K, Long> divide(long capacity, Map<K, Long> demands) {
        Map<K, Long> shares = new HashMap<>();
        List<Map.Entry<K, Long>> open = new ArrayList<>(demands.entrySet());
        open.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        var left = Math.max(0, capacity);
        var remaining = open.size();
        for (var entry : open) {
            var fair = left / remaining;
            var share = Math.min(Math.max(0, entry.getValue()), fair);
            shares.put(entry.getKey(), share);
            left -= share;
            remaining--;
        }
        // what rounding down left over goes to the largest claimants that still want more
        for (int i = open.size() - 1; i >= 0 && left > 0; i--) {
            var entry = open.get(i);
            var more = Math.min(left, Math.max(0, entry.getValue()) - shares.get(entry.getKey()));
            if (more > 0) {
                shares.merge(entry.getKey(), more, Long::sum);
                left -= more;
            }
        }
        return shares;
    }
}
